namespace Training.Core.Tests.Reliability;

/// <summary>
/// The configuration sweep of the Reliability issue: every input a user tried that crashed, was silently accepted
/// or failed only after training, each with the message it must now give at start-up.
/// </summary>
internal static class BadConfigurations
{
    /// <summary>A valid settings file the file cases start from.</summary>
    public const string ValidFile = """
        {
          "Training": {
            "MaxSteps": 600,
            "LearningRate": 0.003,
            "Optim": "adamw_torch_fused",
            "OptimTargetModules": [ "c_attn", "c_fc" ],
            "LrSchedulerType": "cosine",
            "Seed": 1337
          },
          "Model": { "EmbeddingDim": 128, "Layers": 4 }
        }
        """;

    private static BadConfiguration Arguments(string name, string expected, params string[] commandLine) => new(name, null, commandLine, expected);

    private static BadConfiguration File(string name, string text, string expected) => new(name, text, [], expected);

    private static BadConfiguration Edited(string name, string find, string replace, string expected)
    {
        if (!ValidFile.Contains(find, StringComparison.Ordinal)) throw new ArgumentException($"case {name}: '{find}' is not in the valid file");
        return File(name, ValidFile.Replace(find, replace, StringComparison.Ordinal), expected);
    }

    public static IEnumerable<BadConfiguration> CommandLine()
    {
        // Were unhandled exceptions.
        yield return Arguments("sgd momentum not a number", "Training:OptimArgs = 'momentum=abc': OptimArgs: 'momentum' = 'abc' is not a finite number", "--Training:Optim=sgd", "--Training:OptimArgs=momentum=abc");
        yield return Arguments("sgd nesterov not a boolean", "OptimArgs: 'nesterov' = 'maybe' is not a boolean (true/false)", "--Training:Optim=sgd", "--Training:OptimArgs=nesterov=maybe");
        yield return Arguments("sgd OptimArgs key misspelt", "OptimArgs: 'momentun' is not an argument of sgd; did you mean 'momentum'?", "--Training:Optim=sgd", "--Training:OptimArgs=momentun=0.9");
        yield return Arguments("scheduler kwarg misspelt", "Training:LrSchedulerType = cosine with Training:LrSchedulerKwargs = {num_cylces: 0.5}: LrSchedulerKwargs: 'num_cylces' is not an argument of cosine; did you mean 'num_cycles'?",
            "--Training:LrSchedulerType=cosine", "--Training:LrSchedulerKwargs:num_cylces=0.5");
        yield return Arguments("sgd OptimArgs value out of range", "OptimArgs: Invalid momentum: -0.5 (must be a finite value >= 0)", "--Training:Optim=sgd", "--Training:OptimArgs=momentum=-0.5");
        yield return Arguments("own section value not an integer", "Model:EmbeddingDim = 'abc' is not an integer", "--Model:EmbeddingDim=abc");
        yield return Arguments("OutputDir is /dev/null", "Training:OutputDir: '/dev/null' is a file, not a folder", "--Training:OutputDir=/dev/null");
        yield return Arguments("OutputDir not writable", "Training:OutputDir: '/proc/trainer-run' cannot be created: '/proc' is not writable", "--Training:OutputDir=/proc/trainer-run");
        yield return Arguments("OutputDir is an existing file", "is a file, not a folder", "--Training:OutputDir={file}");
        yield return Arguments("OutputDir under an existing file", "cannot be created: '{file}' is a file, not a folder", "--Training:OutputDir={file}/run");
        // Were silently accepted.
        yield return Arguments("misspelled key LearningRat", "Training:LearningRat is not a setting of Training. Did you mean 'Training:LearningRate'?", "--Training:LearningRat=0.1");
        yield return Arguments("misspelled key Optimm", "Training:Optimm is not a setting of Training. Did you mean 'Training:Optim'?", "--Training:Optimm=sgd");
        yield return Arguments("misspelled key MaxStep", "Did you mean 'Training:MaxSteps'?", "--Training:MaxStep=5");
        yield return Arguments("misspelled section Trainin", "Trainin is not a configuration section of this program. Did you mean 'Training'?", "--Trainin:MaxSteps=5");
        yield return Arguments("misspelled section Trainnig", "Trainnig is not a configuration section of this program. Did you mean 'Training'?", "--Trainnig:MaxSteps=5");
        yield return Arguments("key without a value", "Training:MaxSteps has no value", "--Training:MaxSteps");
        yield return Arguments("key without a value before another key", "Training:MaxSteps has no value", "--Training:MaxSteps", "--Training:SaveSteps=5");
        yield return Arguments("stray positional argument", "'stray' is not a setting", "stray");
        yield return Arguments("enum as a defined-looking number", "Training:LoggingStrategy = '123' is not one of: no, steps, epoch", "--Training:LoggingStrategy=123");
        yield return Arguments("enum as a negative number", "Training:EvalStrategy = '-1' is not one of: no, steps, epoch", "--Training:EvalStrategy=-1");
        yield return Arguments("enum as an in-range number", "Training:SaveStrategy = '1' is not one of", "--Training:SaveStrategy=1");
        yield return Arguments("scheduler argument NaN", "'power' = 'NaN' is not a finite number", "--Training:LrSchedulerType=polynomial", "--Training:LrSchedulerKwargs:power=NaN");
        yield return Arguments("scheduler argument Infinity", "'num_cycles' = 'Infinity' is not a finite number", "--Training:LrSchedulerType=cosine_with_restarts", "--Training:LrSchedulerKwargs:num_cycles=Infinity");
        yield return Arguments("LoadBestModelAtEnd with SaveSteps not a multiple of EvalSteps",
            "Training:LoadBestModelAtEnd = true requires Training:SaveSteps to be a round multiple of Training:EvalSteps, but found 5, which is not a round multiple of 3",
            "--Training:LoadBestModelAtEnd=true", "--Training:EvalStrategy=steps", "--Training:EvalSteps=3", "--Training:SaveSteps=5");
        yield return Arguments("LoadBestModelAtEnd without evaluation", "Training:LoadBestModelAtEnd = true needs an evaluation strategy", "--Training:LoadBestModelAtEnd=true");
        yield return Arguments("LoadBestModelAtEnd with different strategies", "requires the save and eval strategies to match", "--Training:LoadBestModelAtEnd=true", "--Training:EvalStrategy=epoch");
        // Were late or unclear.
        yield return Arguments("NumTrainEpochs Infinity", "Training:NumTrainEpochs = 'Infinity' is not a finite number", "--Training:NumTrainEpochs=Infinity", "--Training:MaxSteps=-1");
        yield return Arguments("WarmupSteps Infinity", "Training:WarmupSteps = 'Infinity' is not a finite number", "--Training:WarmupSteps=Infinity");
        yield return Arguments("WeightDecay Infinity", "Training:WeightDecay = 'Infinity' is not a finite number", "--Training:WeightDecay=Infinity");
        yield return Arguments("AdamEpsilon Infinity", "Training:AdamEpsilon = 'Infinity' is not a finite number", "--Training:AdamEpsilon=Infinity");
        yield return Arguments("AdamBeta1 NaN", "Training:AdamBeta1 = 'NaN' is not a finite number", "--Training:AdamBeta1=NaN");
        yield return Arguments("LearningRate negative infinity", "Training:LearningRate = '-Infinity' is not a finite number", "--Training:LearningRate=-Infinity");
        yield return Arguments("OptimTargetModules invalid regex", "Training:OptimTargetModules: '[a' is not a valid regular expression", "--Training:Optim=galore_adamw", "--Training:OptimTargetModules=[a");
        // Were already clean; kept so they stay so.
        yield return Arguments("integer not a number", "Training:PerDeviceTrainBatchSize = 'abc' is not an integer", "--Training:PerDeviceTrainBatchSize=abc");
        yield return Arguments("integer written as a float", "Training:MaxSteps = '1e3' is not an integer", "--Training:MaxSteps=1e3");
        yield return Arguments("batch size zero", "Training:PerDeviceTrainBatchSize = 0 is invalid: it must be at least 1", "--Training:PerDeviceTrainBatchSize=0");
        yield return Arguments("boolean not a boolean", "Training:UseCpu = 'maybe' is not true or false", "--Training:UseCpu=maybe");
        yield return Arguments("unknown optimizer", "unknown optimizer 'adamw_troch'. Did you mean 'adamw_torch'?", "--Training:Optim=adamw_troch");
        yield return Arguments("unknown scheduler", "unknown scheduler 'cosine_restarts'", "--Training:LrSchedulerType=cosine_restarts");
        yield return Arguments("malformed OptimArgs item", "OptimArgs: item 'rank64'", "--Training:OptimArgs=rank64");
        yield return Arguments("unknown optimizer argument", "'betas2'", "--Training:Optim=adamw_torch", "--Training:OptimArgs=betas2=0.9");
        yield return Arguments("scheduler argument it does not take", "'num_cycles' is not an argument of linear (it takes no arguments)", "--Training:LrSchedulerKwargs:num_cycles=3");
        yield return Arguments("unsupported ReportTo", "Training:ReportTo: 'wandb' is not available", "--Training:ReportTo=wandb");
        yield return Arguments("known ReportTo not available here", "Training:ReportTo: 'mlflow' is not available: it is one of Transformers' reporting integrations this port does not have; use 'jsonl', 'metrics', 'tensorboard', 'all' or 'none', or report from a TrainerCallback added in code.",
            "--Training:ReportTo=mlflow");
        yield return Arguments("ReportTo misspelt", "Training:ReportTo: 'tensorbaord' is not a reporting integration. Did you mean 'tensorboard'? (available here: jsonl, metrics, tensorboard; Transformers' integrations: azure_ml, clearml, codecarbon, comet_ml, dagshub, dvclive, flyte, mlflow, neptune, swanlab, tensorboard, trackio, wandb; or 'none', 'all')",
            "--Training:ReportTo=tensorbaord");
        yield return Arguments("ReportTo none with a reporter", "Training:ReportTo: 'none' cannot be combined with other names (['none', 'jsonl']); give 'none' alone, or list the reporters (jsonl, metrics, tensorboard).",
            "--Training:ReportTo:0=none", "--Training:ReportTo:1=jsonl");
        yield return Arguments("ReportTo all with a reporter", "Training:ReportTo: 'all' cannot be combined with other names",
            "--Training:ReportTo:0=tensorboard", "--Training:ReportTo:1=all");
        yield return Arguments("ReportTo in the wrong case", "Training:ReportTo: 'WandB' is not a reporting integration. Did you mean 'wandb'?", "--Training:ReportTo=WandB");
        yield return Arguments("ReportTo none misspelt", "Training:ReportTo: 'nnoe' is not a reporting integration. Did you mean 'none'?", "--Training:ReportTo=nnoe");
        yield return Arguments("ReportTo nothing close", "Training:ReportTo: 'my_dashboard' is not a reporting integration (available here: jsonl, metrics, tensorboard; Transformers' integrations: azure_ml,", "--Training:ReportTo=my_dashboard");
        yield return Arguments("ReportTo list with one misspelt", "Training:ReportTo: 'mlfow' is not a reporting integration. Did you mean 'mlflow'?",
            "--Training:ReportTo:0=jsonl", "--Training:ReportTo:1=mlfow");
        yield return Arguments("learning rate negative", "Training:LearningRate = -1 is invalid", "--Training:LearningRate=-1");
        yield return Arguments("accumulation zero", "Training:GradientAccumulationSteps = 0 is invalid", "--Training:GradientAccumulationSteps=0");
        yield return Arguments("own section unknown key", "Model:Layer is not a setting of Model. Did you mean 'Model:Layers'?", "--Model:Layer=2");
    }

    public static IEnumerable<BadConfiguration> SettingsFiles()
    {
        yield return File("truncated file", ValidFile[..(ValidFile.Length / 2)], "appsettings.json, line ");
        yield return File("empty file", "", "appsettings.json is empty");
        yield return File("blank file", " \n\t\n", "appsettings.json is empty");
        yield return Edited("duplicate key differing in case", "\"MaxSteps\": 600,", "\"MaxSteps\": 600,\n    \"maxsteps\": 5,", "appsettings.json, line 4, column 5: the key \"maxsteps\" appears twice in the same object");
        yield return File("top level is an array", "[1, 2]", "appsettings.json, line 1, column 1: the top level must be a JSON object");
        yield return File("top level is a number", "42", "the top level must be a JSON object");
        yield return Edited("misspelled section in the file", "\"Training\"", "\"Trainin\"", "Trainin is not a configuration section of this program. Did you mean 'Training'?");
        yield return File("Training is an array", "{ \"Training\": [1, 2] }", "Training holds list items (0, 1); it must be a section of settings");
        yield return File("Training is a value", "{ \"Training\": \"fast\" }", "Training = 'fast' is a value; it must be a section of settings");
        yield return Edited("MaxSteps null", "\"MaxSteps\": 600", "\"MaxSteps\": null", "Training:MaxSteps has no value: it must be an integer");
        yield return Edited("MaxSteps an object", "\"MaxSteps\": 600", "\"MaxSteps\": { \"a\": 1 }", "Training:MaxSteps is a section; it must be a single value (an integer)");
        yield return Edited("MaxSteps a fraction", "\"MaxSteps\": 600", "\"MaxSteps\": 6.5", "Training:MaxSteps = '6.5' is not an integer");
        yield return Edited("ReportTo misspelt in the file", "\"Seed\": 1337", "\"Seed\": 1337,\n    \"ReportTo\": [ \"azureml\" ]",
            "Training:ReportTo: 'azureml' is not a reporting integration. Did you mean 'azure_ml'?");
        yield return Edited("OptimTargetModules an object", "[ \"c_attn\", \"c_fc\" ]", "{ \"a\": \"c_attn\" }", "Training:OptimTargetModules is a section (a); it must be a list");
        yield return Edited("OptimTargetModules a list of lists", "[ \"c_attn\", \"c_fc\" ]", "[ [\"c_attn\"] ]", "Training:OptimTargetModules:0 is not a string");
        yield return Edited("LrSchedulerKwargs a list", "\"Seed\": 1337", "\"Seed\": 1337, \"LrSchedulerKwargs\": [1, 2]", "Training:LrSchedulerKwargs is a list; it must be a section");
        yield return Edited("LrSchedulerKwargs with a list value", "\"LrSchedulerType\": \"cosine\"", "\"LrSchedulerType\": \"cosine_with_min_lr\", \"LrSchedulerKwargs\": { \"min_lr\": [1, 2] }", "'min_lr' = '[1, 2]' is not a finite number");
        yield return Edited("LrSchedulerKwargs a malformed JSON string", "\"Seed\": 1337", "\"Seed\": 1337, \"LrSchedulerKwargs\": \"{num_cycles: 3\"", "Training:LrSchedulerKwargs = '{num_cycles: 3' is not a valid JSON object");
        yield return Edited("LrSchedulerKwargs a string that is not an object", "\"Seed\": 1337", "\"Seed\": 1337, \"LrSchedulerKwargs\": \"3\"", "must be a JSON object");
        yield return Edited("Optim a number", "\"adamw_torch_fused\"", "5", "unknown optimizer '5'");
        yield return Edited("boolean as yes", "\"Seed\": 1337", "\"Seed\": 1337, \"LoggingFirstStep\": \"yes\"", "Training:LoggingFirstStep = 'yes' is not true or false");
        yield return Edited("boolean as 1", "\"Seed\": 1337", "\"Seed\": 1337, \"LoggingNanInfFilter\": 1", "Training:LoggingNanInfFilter = '1' is not true or false");
        yield return Edited("own section misspelled key in the file", "\"Layers\": 4", "\"Layer\": 4", "Model:Layer is not a setting of Model. Did you mean 'Model:Layers'?");
    }
}
