namespace Training.Schedulers.Tests.Transformers;

/// <summary>lr_scheduler_kwargs given as text, decoded and converted as TrainingArguments does.</summary>
public class LrSchedulerKwargsTests
{
    [Test]
    public void JsonIsDecodedAndStringsAreConvertedRecursively()
    {
        var kwargs = LrSchedulerKwargs.Parse("""
            {"num_cycles": 3, "min_lr": 1e-5, "power": 2.0, "flag": "True", "off": "false", "n": "42", "f": "0.5",
             "neg": "-1", "exp": "1e-3", "two_dots": "1.2.3", "name": "1-sqrt", "none": null, "nested": {"x": "7", "y": {"z": "TRUE"}},
             "list": ["1", 2]}
            """);
        Assert.That(kwargs["num_cycles"], Is.EqualTo(3L).And.TypeOf<long>());
        Assert.That(kwargs["min_lr"], Is.EqualTo(1e-5).And.TypeOf<double>());
        Assert.That(kwargs["power"], Is.EqualTo(2.0).And.TypeOf<double>());
        Assert.That((kwargs["flag"], kwargs["off"]), Is.EqualTo((true, false)));
        Assert.That(kwargs["n"], Is.EqualTo(42L).And.TypeOf<long>());
        Assert.That(kwargs["f"], Is.EqualTo(0.5));
        Assert.That((kwargs["neg"], kwargs["exp"], kwargs["two_dots"], kwargs["name"]), Is.EqualTo(("-1", "1e-3", "1.2.3", "1-sqrt")),
            "str.isdigit() accepts no sign, exponent or second dot");
        Assert.That(kwargs["none"], Is.Null);
        var nested = (IReadOnlyDictionary<string, object?>)kwargs["nested"]!;
        Assert.That(nested["x"], Is.EqualTo(7L));
        Assert.That(((IReadOnlyDictionary<string, object?>)nested["y"]!)["z"], Is.EqualTo(true));
        Assert.That(kwargs["list"], Is.EqualTo(new object?[] { "1", 2L }), "lists are not converted");
    }

    [Test]
    public void BlankMeansNoArgumentsAndAnythingButAJsonObjectIsRejectedNamingTheSetting()
    {
        Assert.That(LrSchedulerKwargs.Parse(null), Is.Empty);
        Assert.That(LrSchedulerKwargs.Parse("  "), Is.Empty);
        foreach (var bad in new[] { "num_cycles=3", "{\"num_cycles\": ", "[1, 2]" })
        {
            var e = Assert.Catch<ArgumentException>(() => LrSchedulerKwargs.Parse(bad))!;
            Assert.That(e.Message, Does.Contain("LrSchedulerKwargs"), bad);
        }
    }

    [Test]
    public void ConfigurationBoundStringsConvertAndReachTheSchedule()
    {
        var bound = LrSchedulerKwargs.ConvertStrings(new Dictionary<string, object?> { ["num_cycles"] = "1.5", ["min_lr_rate"] = "0.1" });
        Assert.That(bound["num_cycles"], Is.EqualTo(1.5));
        using var fixture = new GoldenOptimizer();
        var scheduler = (ScheduledValue)SchedulerCatalog.GetScheduler("cosine_with_min_lr", fixture.Sgd, 0, 10, bound);
        Assert.That(scheduler.Multiplier!.ValueAt(10), Is.EqualTo(CosineSchedules.CosineWithMinLr(0, 10, 1.5, 0.1).ValueAt(10)));
        var fromJson = (ScheduledValue)SchedulerCatalog.GetScheduler("cosine", fixture.Sgd, 0, 10, LrSchedulerKwargs.Parse("{\"num_cycles\": \"2\"}"));
        Assert.That(fromJson.Multiplier!.ValueAt(5), Is.EqualTo(CosineSchedules.Cosine(0, 10, 2).ValueAt(5)));
    }
}
