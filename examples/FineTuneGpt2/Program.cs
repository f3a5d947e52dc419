// Fine-tunes GPT-2 on a text or JSON Lines file with the Trainer: a Hugging Face model folder given by --Model:Path
// (e.g. a downloaded gpt2 or distilgpt2), or, without one, a small random GPT-2 so the program runs on a fresh machine.
// Reports eval_loss, perplexity and next-token accuracy, saves the result in Hugging Face's layout and prints a sample.
// The job is Training.Recipes' Gpt2FineTuningJob (also run by `trainer train --config appsettings.json`); this program
// gives it appsettings.json next to it and the command line.
using Training.Recipes;

return Gpt2FineTuningJob.Run(new TrainingProgram(Console.Error), args);
