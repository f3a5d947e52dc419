using System.Text.Json;

namespace Training.Core.Tests;

/// <summary>
/// Trainer.SaveModel (Transformers' save_model): a plain model's state_dict as model.safetensors that loads back, an
/// <see cref="IPretrainedModel"/> through its own SavePretrained, training_args.json in both; and checkpoints of an
/// IPretrainedModel carrying its configuration, written into the temporary folder so the checkpoint stays atomic.
/// </summary>
[NonParallelizable]
public class SaveModelTests
{
    private static Trainer NewTrainer(torch.nn.Module model, string output, Action<TrainingArguments>? configure = null, IServiceProvider? services = null) =>
        new(model, TinyRegression.Args(output, a =>
        {
            a.MaxSteps = 6;
            configure?.Invoke(a);
        }), TinyRegression.Data(64), null, TinyRegression.Collator, services: services);

    private static Dictionary<string, Tensor> Snapshot(torch.nn.Module model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

    [Test]
    public void APlainModelIsSavedAsItsStateDictThatLoadsBackIntoAFreshModel()
    {
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var logs = new RecordingLoggerFactory();
        var trainer = NewTrainer(model, folder.Path, services: logs);
        trainer.Train();
        trainer.SaveModel();

        var path = Path.Combine(folder.Path, CheckpointFiles.Model);
        var header = SafeTensors.ReadHeader(path);
        var expected = Snapshot(model);
        using var fresh = new TinyRegression(seed: 77);
        using (torch.no_grad()) fresh.load_state_dict(SafeTensors.Load(path), strict: true);
        using var batch = TinyRegression.Collator.Collate(TinyRegression.Data(8, seed: 9), Enumerable.Range(0, 8).ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(header.Tensors.Keys, Is.EquivalentTo(expected.Keys), "the state_dict's names");
            Assert.That(header.Metadata, Is.EqualTo(new Dictionary<string, string> { ["format"] = "pt" }));
            foreach (var (name, value) in Snapshot(fresh)) Assert.That(value.ValuesEqual(expected[name]), Is.True, name);
            Assert.That(fresh.call(batch).item<float>(), Is.EqualTo(model.call(batch).item<float>()), "the loaded model computes the same loss");
            Assert.That(File.ReadAllText(Path.Combine(folder.Path, CheckpointFiles.TrainingArgs)), Is.EqualTo(PythonJson.Serialize(trainer.Args)),
                "training_args.json as checkpoints write it");
            Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "model.safetensors", "training_args.json" }),
                "no temporary files, no optimizer or trainer state");
            Assert.That(logs.Records.Select(r => r.Message), Has.Some.Contains("Saved the model to " + folder.Path));
        });
    }

    [Test]
    public void AnOutputDirOtherThanTheRunsIsCreated()
    {
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var target = Path.Combine(folder.Path, "exported", "final");
        NewTrainer(model, Path.Combine(folder.Path, "run")).SaveModel(target);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(target, CheckpointFiles.Model)), Is.True);
            Assert.That(File.Exists(Path.Combine(target, CheckpointFiles.TrainingArgs)), Is.True);
            Assert.That(Directory.Exists(Path.Combine(folder.Path, "run")), Is.False, "nothing is written into Args.OutputDir");
        });
    }

    [Test]
    public void APretrainedModelSavesItselfAndGetsTrainingArgs()
    {
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        using var model = new PretrainedRegression();
        NewTrainer(model, folder.Path).SaveModel();
        Assert.Multiple(() =>
        {
            Assert.That(model.Calls, Is.EqualTo(new[] { ("SavePretrained", folder.Path) }));
            Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName), Is.EquivalentTo(new[]
            {
                PretrainedRegression.ConfigFile, PretrainedRegression.WeightsFile, CheckpointFiles.TrainingArgs,
            }), "its own layout instead of the state_dict's model.safetensors");
        });
    }

    [Test]
    public void CheckpointsOfAPretrainedModelCarryItsConfigWrittenIntoTheTemporaryFolder()
    {
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        using var model = new PretrainedRegression();
        var trainer = NewTrainer(model, folder.Path, a =>
        {
            a.SaveStrategy = SaveStrategy.Steps;
            a.SaveSteps = 3;
        });
        trainer.Train();
        var checkpoint = Path.Combine(folder.Path, "checkpoint-6");
        Assert.Multiple(() =>
        {
            Assert.That(model.Calls.Select(c => c.Method), Is.EqualTo(new[] { "SaveConfig", "SaveConfig" }), "once per checkpoint, never SavePretrained");
            Assert.That(model.Calls.Select(c => Path.GetFileName(c.Folder)), Has.All.StartWith(CheckpointFiles.TemporaryPrefix),
                "into the temporary folder, which is renamed into place");
            Assert.That(Directory.GetFiles(checkpoint).Select(Path.GetFileName), Is.EquivalentTo(new[]
            {
                "model.safetensors", "optimizer.pt", "scheduler.pt", "rng_state.pth", "trainer_state.json", "training_args.json",
                PretrainedRegression.ConfigFile,
            }));
            Assert.That(SafeTensors.ReadHeader(Path.Combine(checkpoint, CheckpointFiles.Model)).Tensors.Keys, Is.EquivalentTo(model.state_dict().Keys),
                "the weights stay the state_dict a resume reads");
        });
    }

    [Test]
    public void ResumingAPretrainedModelsCheckpointIsBitwiseIdentical()
    {
        using var uninterrupted = new TempFolder();
        using var resumed = new TempFolder();
        void Configure(TrainingArguments a)
        {
            a.SaveStrategy = SaveStrategy.Steps;
            a.SaveSteps = 3;
        }

        using (var model = new PretrainedRegression()) NewTrainer(model, uninterrupted.Path, Configure).Train();
        using (var model = new PretrainedRegression()) NewTrainer(model, resumed.Path, Configure).Train();
        Directory.Delete(Path.Combine(resumed.Path, "checkpoint-6"), recursive: true);
        using (var model = new PretrainedRegression(seed: 99)) NewTrainer(model, resumed.Path, Configure).Train(resumeFromCheckpoint: "last");
        foreach (var file in new[] { CheckpointFiles.Model, CheckpointFiles.Optimizer, CheckpointFiles.Scheduler, PretrainedRegression.ConfigFile })
            Assert.That(File.ReadAllBytes(Path.Combine(resumed.Path, "checkpoint-6", file)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(uninterrupted.Path, "checkpoint-6", file))), file);
    }

    [Test]
    public void AFailingSaveConfigLeavesNoCheckpointBehind()
    {
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        using var model = new PretrainedRegression { FailSaveConfig = true };
        var trainer = NewTrainer(model, folder.Path, a =>
        {
            a.SaveStrategy = SaveStrategy.Steps;
            a.SaveSteps = 3;
        });
        Assert.That(() => trainer.Train(), Throws.TypeOf<IOException>().With.Message.Contains("config"));
        Assert.That(Directory.GetFileSystemEntries(folder.Path), Is.Empty, "neither checkpoint-3 nor a temporary folder");
    }

    /// <summary>TinyRegression with a stand-in pretrained layout: it records its calls and writes two small files.</summary>
    private sealed class PretrainedRegression : torch.nn.Module<Batch, Tensor>, IPretrainedModel
    {
        public const string ConfigFile = "regression_config.json";
        public const string WeightsFile = "regression.safetensors";

        private readonly TinyRegression inner;

        public PretrainedRegression(int seed = 1) : base(nameof(PretrainedRegression))
        {
            inner = new TinyRegression(seed);
            RegisterComponents();
        }

        public List<(string Method, string Folder)> Calls { get; } = [];

        public bool FailSaveConfig { get; init; }

        public override Tensor forward(Batch batch) => inner.call(batch);

        public void SavePretrained(string folder)
        {
            Calls.Add((nameof(SavePretrained), folder));
            SafeTensors.Save(state_dict(), Path.Combine(folder, WeightsFile));
            File.WriteAllText(Path.Combine(folder, ConfigFile), JsonSerializer.Serialize(new { kind = "regression" }));
        }

        public void SaveConfig(string folder)
        {
            Calls.Add((nameof(SaveConfig), folder));
            if (FailSaveConfig) throw new IOException("could not write the config");
            File.WriteAllText(Path.Combine(folder, ConfigFile), JsonSerializer.Serialize(new { kind = "regression" }));
        }
    }
}
