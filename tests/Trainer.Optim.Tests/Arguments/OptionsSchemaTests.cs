namespace Training.Optim.Tests.Arguments;

/// <summary>A typed options record declared once: defaults, validation and OptimArgs binding all come from its schema.</summary>
public sealed class OptionsSchemaTests
{
    private record ProbeOptions
    {
        public static readonly OptionsSchema<ProbeOptions> Schema = new("Probe", f =>
        [
            f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
            f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
            f.Integer("update_proj_gap", o => o.Gap, (o, v) => o with { Gap = v }, ArgumentRule.Positive),
            f.OptionalNumber("clip_threshold", o => o.Clip, (o, v) => o with { Clip = v }),
            f.Flag("maximize", o => o.Maximize, (o, v) => o with { Maximize = v }),
            f.Internal("foreach", _ => null),
        ]);

        public double LearningRate { get; init; } = 1e-3;
        public double Beta1 { get; init; } = 0.9;
        public double Beta2 { get; init; } = 0.999;
        public long Gap { get; init; } = 200;
        public double? Clip { get; init; }
        public bool Maximize { get; init; }
    }

    private sealed record DerivedProbeOptions : ProbeOptions
    {
        public static readonly OptionsSchema<DerivedProbeOptions> Derived = new("DerivedProbe", f =>
        [
            .. f.Inherit(Schema),
            f.Text("proj_type", o => o.ProjType, (o, v) => o with { ProjType = v }, ArgumentRule.OneOf("std", "left")),
        ]);

        public string ProjType { get; init; } = "std";
    }

    [Test]
    public void ADerivedRecordInheritsTheBaseFieldsAndKeepsItsType()
    {
        var raw = new Dictionary<string, object?> { ["lr"] = "0.25", ["proj_type"] = "left" };
        var bound = DerivedProbeOptions.Derived.Bind(new DerivedProbeOptions(), raw, "OptimArgs");
        Assert.That(bound, Is.EqualTo(new DerivedProbeOptions { LearningRate = 0.25, ProjType = "left" }));
        Assert.That(DerivedProbeOptions.Derived.Defaults(bound).Keys.Last(), Is.EqualTo("proj_type"));
    }

    [Test]
    public void DefaultsComeFromThePropertiesUnderUpstreamKeysInOrder()
    {
        var defaults = ProbeOptions.Schema.Defaults(new ProbeOptions { LearningRate = 0.5 });
        Assert.That(defaults.Keys, Is.EqualTo(new[] { "lr", "betas", "update_proj_gap", "clip_threshold", "maximize", "foreach" }));
        Assert.That(defaults["lr"], Is.EqualTo(0.5));
        Assert.That(defaults["betas"], Is.EqualTo(new[] { 0.9, 0.999 }));
        Assert.That(defaults["update_proj_gap"], Is.EqualTo(200.0));
        Assert.That(defaults["clip_threshold"], Is.Null);
    }

    [Test]
    public void BindingWritesTypedValuesIntoACopy()
    {
        var start = new ProbeOptions();
        // Text values as configuration gives them (OptimArgs cannot hold a tuple: Transformers splits it on commas).
        var raw = new Dictionary<string, object?> { ["betas"] = "(0.8, 0.95)", ["update_proj_gap"] = "50.0", ["clip_threshold"] = "1", ["maximize"] = "yes" };
        var bound = ProbeOptions.Schema.Bind(start, raw, OptimArgs.SettingName);
        Assert.That(bound, Is.EqualTo(start with { Beta1 = 0.8, Beta2 = 0.95, Gap = 50, Clip = 1.0, Maximize = true }));
        Assert.That(start.Gap, Is.EqualTo(200), "the original record is unchanged");
    }

    [Test]
    public void BindingChecksRulesBeforeWriting()
    {
        var e = Assert.Throws<ArgumentBindingException>(() =>
            ProbeOptions.Schema.Bind(new ProbeOptions(), new Dictionary<string, object?> { ["lr"] = "-1", ["foreach"] = "True" }, "OptimArgs"))!;
        Assert.That(e.Problems.Select(p => p.Message), Is.EqualTo(new[]
        {
            "Invalid lr: -1 (must be a finite value >= 0)",
            "'foreach' is not an argument of Probe; did you mean 'betas'? (it takes: lr, betas, update_proj_gap, clip_threshold, maximize)",
        }).Or.EqualTo(new[]
        {
            "Invalid lr: -1 (must be a finite value >= 0)",
            "'foreach' is not an argument of Probe (it takes: lr, betas, update_proj_gap, clip_threshold, maximize)",
        }));
    }
}
