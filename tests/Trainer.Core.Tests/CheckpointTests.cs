namespace Training.Core.Tests;

[NonParallelizable]
public class CheckpointTests
{
    private static Trainer NewTrainer(TinyRegression model, string output, Action<TrainingArguments>? configure = null) =>
        new(model, TinyRegression.Args(output, a =>
        {
            a.MaxSteps = 20;
            a.SaveStrategy = SaveStrategy.Steps;
            a.SaveSteps = 10;
            a.LrSchedulerType = "cosine";
            a.WarmupSteps = 0.1;
            configure?.Invoke(a);
        }), TinyRegression.Data(100), null, TinyRegression.Collator);

    [Test]
    public void ResumingFromAMidRunCheckpointIsBitwiseIdentical()
    {
        using var uninterrupted = new TempFolder();
        using var resumed = new TempFolder();
        using (var model = new TinyRegression()) NewTrainer(model, uninterrupted.Path).Train();

        // The interrupted run stops at step 10 (its checkpoint-10), then a fresh process-like Trainer resumes.
        using (var model = new TinyRegression()) NewTrainer(model, resumed.Path, a => a.MaxSteps = 20).Train();
        Directory.Delete(Path.Combine(resumed.Path, "checkpoint-20"), recursive: true);
        using (var model = new TinyRegression(seed: 99)) NewTrainer(model, resumed.Path).Train(resumeFromCheckpoint: "last");

        foreach (var file in new[] { CheckpointFiles.Model, CheckpointFiles.Optimizer, CheckpointFiles.Scheduler })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(resumed.Path, "checkpoint-20", file)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(uninterrupted.Path, "checkpoint-20", file))), file);
        }

        var state = TrainerState.FromJson(File.ReadAllText(Path.Combine(resumed.Path, "checkpoint-20", CheckpointFiles.TrainerState)), "state");
        Assert.That(state.GlobalStep, Is.EqualTo(20));
        Assert.That(state.LogHistory.Count(e => e.ContainsKey("loss")), Is.EqualTo(4), "the history of the first half survives the resume");
    }

    [Test]
    public void CheckpointsHaveTransformersLayoutAndPyTorchReadsThem()
    {
        using var folder = new TempFolder();
        using (var model = new TinyRegression()) NewTrainer(model, folder.Path).Train();
        var checkpoint = Path.Combine(folder.Path, "checkpoint-20");
        Assert.That(Directory.GetFiles(checkpoint).Select(Path.GetFileName), Is.EquivalentTo(new[]
        {
            "model.safetensors", "optimizer.pt", "scheduler.pt", "rng_state.pth", "trainer_state.json", "training_args.json",
        }));
        var output = PythonTorch.Run("""
            import sys, json, struct, torch
            d = sys.argv[1]
            opt = torch.load(d + "/optimizer.pt"); sched = torch.load(d + "/scheduler.pt"); rng = torch.load(d + "/rng_state.pth")
            with open(d + "/model.safetensors", "rb") as f:
                n = struct.unpack("<Q", f.read(8))[0]; header = json.loads(f.read(n))
            state = json.load(open(d + "/trainer_state.json"))
            print(len(opt["state"]), sched["last_epoch"], rng["cpu"].dtype, sorted(k for k in header if k != "__metadata__")[0], state["global_step"], len(state["log_history"]) > 0)
            """, checkpoint);
        Assert.That(output.Trim(), Is.EqualTo("6 20 torch.uint8 head.bias 20 True"));
    }

    [Test]
    public void RotationKeepsTheNewestAndTheBest()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a =>
        {
            a.MaxSteps = 40;
            a.SaveStrategy = SaveStrategy.Steps;
            a.SaveSteps = 10;
            a.EvalStrategy = IntervalStrategy.Steps;
            a.EvalSteps = 10;
            a.SaveTotalLimit = 1;
            a.LoadBestModelAtEnd = true;
            a.LearningRate = 0.05;
        }), TinyRegression.Data(100), TinyRegression.Data(50, seed: 3), TinyRegression.Collator);
        trainer.Train();
        var left = CheckpointFiles.List(folder.Path).Select(Path.GetFileName).ToList();
        Assert.That(left, Does.Contain("checkpoint-40"));
        Assert.That(left.Count, Is.LessThanOrEqualTo(2));
        Assert.That(left, Does.Contain(Path.GetFileName(trainer.State.BestModelCheckpoint)), "the best checkpoint is never deleted");
    }

    [Test]
    public void AFailedSaveLeavesThePreviousCheckpointAndNoPartialFolder()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "checkpoint-5");
        CheckpointWriter.Write(target, [("a.txt", p => File.WriteAllText(p, "first"))]);
        Assert.Throws<IOException>(() => CheckpointWriter.Write(target,
        [
            ("a.txt", p => File.WriteAllText(p, "second")),
            ("b.txt", _ => throw new IOException("disk full")),
        ]));
        Assert.That(File.ReadAllText(Path.Combine(target, "a.txt")), Is.EqualTo("first"));
        Assert.That(Directory.GetDirectories(folder.Path), Has.Length.EqualTo(1), "no temporary folder left");
    }
}
