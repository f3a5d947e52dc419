using Spectre.Console;

namespace Training.Core.Tests.Hosting;

/// <summary>The progress bar as a callback: it follows the steps of a run and closes with it.</summary>
[NonParallelizable]
public class ProgressBarCallbackTests
{
    [Test]
    public void TheBarReachesTheLastStepWithTheLoggedLossAndCloses()
    {
        var previous = AnsiConsole.Console;
        using var writer = new StringWriter();
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes, Out = new AnsiConsoleOutput(writer),
        });
        try
        {
            using var folder = new TempFolder();
            using var model = new TinyRegression();
            using var bar = new ProgressBarCallback(_ => true);
            var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a => { a.MaxSteps = 10; a.LoggingSteps = 5; }),
                TinyRegression.Data(64), null, TinyRegression.Collator, [bar]);
            trainer.Train();
            var loss = trainer.State.LogHistory.Last(e => e.ContainsKey("loss"))["loss"];
            Assert.That(writer.ToString(), Does.Contain(FormattableString.Invariant($"step 10/10 loss {loss:F4}")));
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
    }

    [Test]
    public void ADisabledBarDrawsNothing()
    {
        var previous = AnsiConsole.Console;
        using var writer = new StringWriter();
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        try
        {
            using var folder = new TempFolder();
            using var model = new TinyRegression();
            using var bar = new ProgressBarCallback();
            new Trainer(model, TinyRegression.Args(folder.Path, a => { a.MaxSteps = 3; a.DisableTqdm = true; }), TinyRegression.Data(64), null,
                TinyRegression.Collator, [bar]).Train();
            Assert.That(writer.ToString(), Is.Empty);
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
    }
}
