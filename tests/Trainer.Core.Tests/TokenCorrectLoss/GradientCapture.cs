namespace Training.Core.Tests;

/// <summary>Copies every parameter's gradient just before the optimizer steps (after clipping, which the tests turn off).</summary>
internal sealed class GradientCapture : TrainerCallback
{
    public List<Dictionary<string, double[]>> Updates { get; } = [];

    public override void OnPreOptimizerStep(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        using var scope = torch.NewDisposeScope();
        Updates.Add(context.Model.named_parameters().ToDictionary(p => p.name,
            p => p.parameter.grad is { } grad ? grad.to(ScalarType.Float64).data<double>().ToArray() : []));
    }

    /// <summary>The largest absolute difference between two updates' gradients, over every parameter.</summary>
    public static double MaxDifference(Dictionary<string, double[]> a, Dictionary<string, double[]> b)
    {
        Assert.That(b.Keys, Is.EquivalentTo(a.Keys));
        return a.Max(p =>
        {
            var other = b[p.Key];
            Assert.That(other, Has.Length.EqualTo(p.Value.Length), p.Key);
            return p.Value.Select((v, i) => Math.Abs(v - other[i])).DefaultIfEmpty(0).Max();
        });
    }

    /// <summary>The largest absolute gradient entry (the scale the differences are measured against).</summary>
    public static double MaxMagnitude(Dictionary<string, double[]> a) => a.Values.SelectMany(v => v).Max(Math.Abs);
}
