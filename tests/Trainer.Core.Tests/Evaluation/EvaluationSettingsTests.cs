using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Training.Core.Tests;

/// <summary>
/// The evaluation and loss settings bind from configuration under their Transformers names with Transformers'
/// defaults, and each bad value is one message naming the key.
/// </summary>
public class EvaluationSettingsTests
{
    private static IServiceProvider Provider(params string[] commandLine)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Training:OutputDir"] = Path.GetTempPath() })
            .AddCommandLine(commandLine).Build();
        return new ServiceCollection().AddTrainer(configuration).BuildServiceProvider();
    }

    private static string Failure(params string[] commandLine)
    {
        using var provider = (ServiceProvider)Provider(commandLine);
        return Assert.Throws<TrainerConfigurationException>(() => TrainerConfiguration.Validate(provider))!.Message;
    }

    [Test]
    public void TheDefaultsAreTransformers()
    {
        var args = new TrainingArguments();
        Assert.Multiple(() =>
        {
            Assert.That(args.LabelNames, Is.Null);
            Assert.That(args.EffectiveLabelNames, Is.EqualTo(new[] { "labels" }));
            Assert.That(args.PredictionLossOnly, Is.False);
            Assert.That(args.EvalAccumulationSteps, Is.Null);
            Assert.That(args.IncludeForMetrics, Is.Empty);
            Assert.That(args.LabelSmoothingFactor, Is.Zero);
        });
    }

    [Test]
    public void TheSettingsBindFromTheCommandLine()
    {
        using var provider = (ServiceProvider)Provider("--Training:LabelNames:0=start_positions", "--Training:LabelNames:1=end_positions",
            "--Training:IncludeForMetrics=inputs", "--Training:EvalAccumulationSteps=4", "--Training:PredictionLossOnly=true",
            "--Training:LabelSmoothingFactor=0.1");
        var args = TrainerConfiguration.Validate(provider);
        Assert.Multiple(() =>
        {
            Assert.That(args.LabelNames, Is.EqualTo(new[] { "start_positions", "end_positions" }));
            Assert.That(args.IncludeForMetrics, Is.EqualTo(new[] { "inputs" }), "one name where a list is expected, as ReportTo");
            Assert.That(args.EvalAccumulationSteps, Is.EqualTo(4));
            Assert.That(args.PredictionLossOnly, Is.True);
            Assert.That(args.LabelSmoothingFactor, Is.EqualTo(0.1));
        });
    }

    [Test]
    public void OneLabelNameOnTheCommandLineIsAListOfOne()
    {
        using var provider = (ServiceProvider)Provider("--Training:LabelNames=targets");
        Assert.That(TrainerConfiguration.Validate(provider).LabelNames, Is.EqualTo(new[] { "targets" }));
    }

    [TestCase("--Training:LabelSmoothingFactor=1", "Training:LabelSmoothingFactor = 1 is invalid: it must be in [0, 1) (0 disables label smoothing).")]
    [TestCase("--Training:EvalAccumulationSteps=0", "Training:EvalAccumulationSteps = 0 is invalid: it must be at least 1 (or leave it unset to gather on the device until the end).")]
    [TestCase("--Training:IncludeForMetrics=input", "Training:IncludeForMetrics: 'input' is not one of inputs, loss. Did you mean 'inputs'?")]
    [TestCase("--Training:IncludeForMetrics=predictions", "Training:IncludeForMetrics: 'predictions' is not one of inputs, loss.")]
    [TestCase("--Training:LabelName=labels", "Training:LabelName is not a setting of Training. Did you mean 'Training:LabelNames'?")]
    [TestCase("--Training:EvalAccumulationSteps=two", "Training:EvalAccumulationSteps = 'two' is not an integer")]
    public void EachBadValueIsOneMessageNamingTheKey(string argument, string expected)
    {
        var message = Failure(argument);
        Assert.That(message.Split(Environment.NewLine), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void ALabelNameTwiceOrBlankIsRefused()
    {
        var problems = new TrainingArgumentsValidator().Check(new TrainingArguments { LabelNames = ["labels", " ", "labels"] }).ToList();
        Assert.That(problems, Is.EqualTo(new[]
        {
            "Training:LabelNames holds an empty name: each entry names a batch tensor (leave the setting unset for [\"labels\"]).",
            "Training:LabelNames names 'labels' 2 times: each label entry once.",
        }));
    }
}
