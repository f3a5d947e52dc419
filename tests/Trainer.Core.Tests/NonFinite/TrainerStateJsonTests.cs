namespace Training.Core.Tests.NonFinite;

/// <summary>
/// trainer_state.json with NaN and infinities, with Python's <c>json</c> (the reader and writer of Transformers'
/// files) as the oracle in both directions.
/// </summary>
[NonParallelizable]
public class TrainerStateJsonTests
{
    private static TrainerState StateWithNonFiniteValues() => new()
    {
        GlobalStep = 7,
        BestMetric = double.NegativeInfinity,
        BestModelCheckpoint = "out/NaN Infinity -Infinity", // the tokens inside a string stay text
        LogHistory =
        [
            new() { ["step"] = 5, ["loss"] = double.NaN, ["grad_norm"] = double.PositiveInfinity, ["learning_rate"] = 1e-05, ["epoch"] = 0.5 },
            new() { ["step"] = 7, ["eval_loss"] = double.NegativeInfinity, ["epoch"] = 0.7 },
        ],
    };

    [Test]
    public void Python_json_load_reads_the_bare_tokens_we_write()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "trainer_state.json");
        File.WriteAllText(path, StateWithNonFiniteValues().ToJson());
        var output = PythonTorch.Run("""
            import json, sys
            d = json.load(open(sys.argv[1]))
            h = d["log_history"]
            print(repr(h[0]["loss"]), repr(h[0]["grad_norm"]), repr(h[1]["eval_loss"]), repr(d["best_metric"]), d["best_model_checkpoint"])
            print(list(h[0]) == sorted(h[0]), list(d) == sorted(d), h[0]["learning_rate"], d["global_step"])
            """, path);
        Assert.That(output.Trim().Split('\n').Select(l => l.Trim()),
            Is.EqualTo(new[] { "nan inf -inf -inf out/NaN Infinity -Infinity", "True True 1e-05 7" }));
    }

    [Test]
    public void The_file_holds_unquoted_tokens_as_Python_writes_them()
    {
        var json = StateWithNonFiniteValues().ToJson();
        Assert.That(json, Does.Contain("\"loss\": NaN").And.Contain("\"grad_norm\": Infinity").And.Contain("\"best_metric\": -Infinity"));
        Assert.That(json, Does.Not.Contain("\"NaN\"").And.Not.Contain("\"Infinity\""));
    }

    [Test]
    public void We_read_a_file_Python_json_dump_wrote_with_nan_and_inf()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "trainer_state.json");
        PythonTorch.Run("""
            import json, sys
            state = {"global_step": 3, "best_metric": float("nan"), "best_model_checkpoint": "NaN",
                     "log_history": [{"loss": float("nan"), "grad_norm": float("inf"), "step": 1},
                                     {"eval_loss": float("-inf"), "step": 3}],
                     "stateful_callbacks": {"EarlyStoppingCallback": {"early_stopping_patience_counter": float("inf")}}}
            open(sys.argv[1], "w").write(json.dumps(state, indent=2, sort_keys=True) + "\n")
            """, path);
        var state = TrainerState.FromJson(File.ReadAllText(path), path);
        Assert.Multiple(() =>
        {
            Assert.That(state.GlobalStep, Is.EqualTo(3));
            Assert.That(state.BestMetric, Is.NaN);
            Assert.That(state.BestModelCheckpoint, Is.EqualTo("NaN"));
            Assert.That(state.LogHistory[0]["loss"], Is.NaN);
            Assert.That(state.LogHistory[0]["grad_norm"], Is.EqualTo(double.PositiveInfinity));
            Assert.That(state.LogHistory[1]["eval_loss"], Is.EqualTo(double.NegativeInfinity));
            Assert.That(state.StatefulCallbacks["EarlyStoppingCallback"]["early_stopping_patience_counter"], Is.EqualTo(double.PositiveInfinity));
        });
    }

    [Test]
    public void Round_trip_keeps_every_value()
    {
        var original = StateWithNonFiniteValues();
        var read = TrainerState.FromJson(original.ToJson(), "state");
        Assert.Multiple(() =>
        {
            Assert.That(read.BestMetric, Is.EqualTo(double.NegativeInfinity));
            Assert.That(read.BestModelCheckpoint, Is.EqualTo(original.BestModelCheckpoint));
            Assert.That(read.LogHistory[0]["loss"], Is.NaN);
            Assert.That(read.LogHistory[0]["grad_norm"], Is.EqualTo(double.PositiveInfinity));
            Assert.That(read.LogHistory[0]["learning_rate"], Is.EqualTo(1e-05));
            Assert.That(read.LogHistory[1]["eval_loss"], Is.EqualTo(double.NegativeInfinity));
            Assert.That(read.ToJson(), Is.EqualTo(original.ToJson()), "writing what was read gives the same text");
        });
    }

    /// <summary>A number field holding a string is refused (Python would read a string there, not a float).</summary>
    [TestCase("{\"best_metric\": \"NaN\"}", "the string \"NaN\"")]
    [TestCase("{\"log_history\": [{\"loss\": \"Infinity\"}]}", "the string \"Infinity\"")]
    [TestCase("{\"best_metric\": nan}", "nan")]
    public void A_malformed_value_names_the_file(string json, string detail)
    {
        var e = Assert.Throws<InvalidDataException>(() => TrainerState.FromJson(json, "ckpt/trainer_state.json"));
        Assert.That(e!.Message, Does.Contain("ckpt/trainer_state.json is not a valid trainer_state.json"));
        if (detail != "nan") Assert.That(e.Message, Does.Contain(detail));
    }
}
