namespace Training.Schedulers.Tests.Transformers;

/// <summary>GreedyLR behaviour beyond the golden cases: the reset countdown, per-group bounds, max mode, its state dict.</summary>
public class GreedyLRTests
{
    // Upstream's state_dict keys, in order (plus _streaming_avg when smoothing).
    private static readonly string[] UpstreamKeys =
    [
        "factor", "min_lrs", "max_lrs", "patience", "verbose", "cooldown", "warmup", "cooldown_counter", "warmup_counter", "mode",
        "threshold", "threshold_mode", "best", "num_bad_epochs", "num_good_epochs", "eps", "last_epoch", "smooth", "window_size",
        "reset_start", "reset_start_original", "_last_lr", "_init_lrs",
    ];

    [Test]
    public void ReductionsAtTheMinimumCountDownToAResetOfLrsAndCounters()
    {
        using var fixture = new GoldenOptimizer();
        var greedy = new GreedyLR(fixture.Sgd, new GreedyLROptions { Factor = 0.5, Patience = 1, MinLr = 4e-4, ResetStart = 2 });
        var expected = new (double[] Lrs, long ResetStart)[]
        {
            ([1e-3, 5e-4], 2), // 1: first value is an improvement (good = 1, not above patience)
            ([1e-3, 5e-4], 2), // 2: bad = 1
            ([5e-4, 4e-4], 2), // 3: bad = 2 > 1: reduce; group 0 still above its minimum
            ([5e-4, 4e-4], 2), // 4
            ([4e-4, 4e-4], 1), // 5: reduce; every group at the minimum: countdown
            ([4e-4, 4e-4], 1), // 6
            ([1e-3, 5e-4], 2), // 7: countdown reaches 0: reset to the initial lrs
        };
        for (var i = 0; i < expected.Length; i++)
        {
            greedy.Step(1.0);
            Assert.That(fixture.GroupLrs(), Is.EqualTo(expected[i].Lrs), $"lrs after step {i + 1}");
            Assert.That(greedy.ResetStart, Is.EqualTo(expected[i].ResetStart), $"countdown after step {i + 1}");
        }

        Assert.That(greedy.Best, Is.EqualTo(double.PositiveInfinity), "the reset forgets the best value");
        Assert.That((greedy.NumBadEpochs, greedy.NumGoodEpochs, greedy.CooldownCounter, greedy.WarmupCounter), Is.EqualTo((0L, 0L, 0L, 0L)));
        greedy.Step(1.0);
        Assert.That(greedy.Best, Is.EqualTo(1.0));
        Assert.That(greedy.NumGoodEpochs, Is.EqualTo(1));
    }

    [Test]
    public void MaxModeRaisesTheLrAfterSustainedImprovementUpToPerGroupBoundsThenWarmsUp()
    {
        using var fixture = new GoldenOptimizer();
        var greedy = new GreedyLR(fixture.Sgd, new GreedyLROptions
        {
            Mode = MetricMode.Max, ThresholdMode = ThresholdMode.Rel, Threshold = 0.01, Factor = 0.5, Patience = 1, Warmup = 2,
            MaxLr = new[] { 1.5e-3, 1e-2 },
        });
        greedy.Step(1.0);
        greedy.Step(2.0);
        Assert.That(fixture.GroupLrs(), Is.EqualTo(new[] { 1.5e-3, 1e-3 }), "divided by factor, capped per group");
        Assert.That(greedy.WarmupCounter, Is.EqualTo(2));
        greedy.Step(0.0);
        greedy.Step(0.0);
        Assert.That((greedy.WarmupCounter, greedy.NumBadEpochs), Is.EqualTo((0L, 0L)), "evaluations during the warm-up are ignored");
        greedy.Step(2.01);
        Assert.That(greedy.NumBadEpochs, Is.EqualTo(1), "2.01 is not 1% better than 2");
    }

    [Test]
    public void InvalidSettingsAreRejectedWithUpstreamMessages()
    {
        using var fixture = new GoldenOptimizer();
        var factor = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new GreedyLR(fixture.Sgd, new GreedyLROptions { Factor = 1.0 }))!;
        Assert.That(factor.Message, Does.Contain("Factor should be < 1.0."));
        var length = Assert.Throws<ArgumentException>(() => _ = new GreedyLR(fixture.Sgd, new GreedyLROptions { MinLr = new[] { 1e-5 } }))!;
        Assert.That(length.Message, Does.Contain("expected 2 min_lrs, got 1"));
        var maxLength = Assert.Catch<ArgumentException>(() =>
            SchedulerCatalog.GetScheduler("greedy", fixture.Sgd, kwargs: new Dictionary<string, object?> { ["max_lr"] = new List<object?> { 1.0, 1.0, 1.0 } }))!;
        Assert.That(maxLength.Message, Does.Contain("expected 2 max_lrs, got 3"));
        var mode = Assert.Catch<ArgumentException>(() =>
            SchedulerCatalog.GetScheduler("greedy", fixture.Sgd, kwargs: new Dictionary<string, object?> { ["mode"] = "middle" }))!;
        Assert.That(mode.Message, Does.Contain("mode middle is unknown!"));
        var thresholdMode = Assert.Catch<ArgumentException>(() =>
            SchedulerCatalog.GetScheduler("greedy", fixture.Sgd, kwargs: new Dictionary<string, object?> { ["threshold_mode"] = "pct" }))!;
        Assert.That(thresholdMode.Message, Does.Contain("threshold mode pct is unknown!"));
    }

    [Test]
    public void StateDictHasUpstreamsKeysAndLoadingWritesTheLastLrsBackIntoTheGroups()
    {
        using var first = new GoldenOptimizer();
        var options = new GreedyLROptions { Factor = 0.5, Patience = 0, MinLr = 1e-6, Smooth = true, WindowSize = 2 };
        var greedy = new GreedyLR(first.Sgd, options);
        foreach (var metric in new[] { 3.0, 2.0, 5.0 }) greedy.Step(metric); // raise, raise, reduce: 2x the initial lrs
        var state = greedy.StateDict();
        Assert.That(state.Keys, Is.EqualTo(UpstreamKeys.Append("_streaming_avg")));
        Assert.That(state["_streaming_avg"], Is.InstanceOf<IDictionary<object, object?>>());

        using var second = new GoldenOptimizer();
        var resumed = new GreedyLR(second.Sgd, options);
        resumed.LoadStateDict(state);
        Assert.That(second.GroupLrs(), Is.EqualTo(first.GroupLrs()), "_last_lr is written into the param groups");
        Assert.That(second.GroupLrs(), Is.EqualTo(new[] { 2e-3, 1e-3 }), "the lrs of the scenario, not the fresh ones");
        resumed.Step(4.0);
        greedy.Step(4.0);
        Assert.That(resumed.StateDict()["best"], Is.EqualTo(greedy.StateDict()["best"]), "the smoothing window was restored");
    }

    [Test]
    public void AnExplicitEpochSetsLastEpoch()
    {
        using var fixture = new GoldenOptimizer();
        var greedy = new GreedyLR(fixture.Sgd);
        greedy.Step(1.0, epoch: 41);
        greedy.Step(1.0);
        Assert.That(greedy.LastEpoch, Is.EqualTo(42));
    }

    [Test]
    public void TheStreamingAverageKeepsARunningSumOverItsWindow()
    {
        var average = new StreamingAverage(3);
        Assert.That(new[] { 1.0, 2.0, 3.0, 4.0 }.Select(average.Add), Is.EqualTo(new[] { 1.0, 1.5, 2.0, 3.0 }));
        Assert.That(average.Values, Is.EqualTo(new[] { 2.0, 3.0, 4.0 }));
        var copy = new StreamingAverage(1);
        copy.LoadStateDict(average.StateDict());
        Assert.That((copy.WindowSize, copy.Sum, copy.Add(5.0)), Is.EqualTo((3L, 9.0, 4.0)));
    }

    [Test]
    public void ReduceLROnPlateauFromKwargsTakesPerGroupMinimaWithTorchsLengthRule()
    {
        using var fixture = new GoldenOptimizer();
        var plateau = (ReduceLROnPlateau)SchedulerCatalog.GetScheduler("reduce_lr_on_plateau", fixture.Sgd, kwargs: new Dictionary<string, object?>
        {
            ["factor"] = 0.1, ["patience"] = 0L, ["min_lr"] = new List<object?> { 5e-4, 1e-4 }, ["mode"] = "max", ["verbose"] = true,
        });
        plateau.Step(1.0);
        plateau.Step(1.0);
        Assert.That(fixture.GroupLrs(), Is.EqualTo(new[] { 5e-4, 1e-4 }));
        Assert.That(plateau.StateDict()["min_lrs"], Is.EqualTo(new[] { 5e-4, 1e-4 }));
        var e = Assert.Throws<ArgumentException>(() => _ = new ReduceLROnPlateau(fixture.Sgd, minLr: new[] { 1e-5 }))!;
        Assert.That(e.Message, Does.Contain("expected 2 min_lrs, got 1"));
    }
}
