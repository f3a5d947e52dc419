namespace Training.Core.Tests;

/// <summary>
/// A long run through the Trainer on TorchSharp leaks neither native tensors nor process memory: every step runs in
/// a dispose scope, batches are owned and disposed by the loop, and optimizer state is allocated once.
/// </summary>
[NonParallelizable]
public class MemoryTests
{
    private const int Steps = 3000;
    private const int WarmupSteps = 1000;

    [Test]
    public void ThreeThousandTrainerStepsLeaveTheTensorCountAndResidentMemoryFlat()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var probe = new ResidentMemoryProbe(WarmupSteps, Steps);
        var args = TinyRegression.Args(folder.Path, a =>
        {
            a.MaxSteps = Steps;
            a.Optim = "adamw_torch_fused";
            a.LrSchedulerType = "cosine";
            a.LoggingSteps = 500;
            a.SaveStrategy = SaveStrategy.No;
        });
        Collect();
        var baseline = LiveTensors.SettledCount();
        var trainer = new Trainer(model, args, TinyRegression.Data(256), null, TinyRegression.Collator, callbacks: [probe]);
        trainer.Train();
        var stateBytes = trainer.Optimizer!.StateBytes();
        trainer.Optimizer.Dispose();
        Collect();

        var growth = (double)(probe.AtEnd - probe.AfterWarmup) / probe.AfterWarmup;
        TestContext.Out.WriteLine($"resident: {probe.AfterWarmup >> 20} MiB at step {WarmupSteps}, {probe.AtEnd >> 20} MiB at step {Steps} ({growth:P2})");
        var losses = trainer.State.LogHistory.Where(e => e.ContainsKey("loss")).Select(e => e["loss"]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(stateBytes, Is.GreaterThan(0), "the optimizer held state during the run");
            Assert.That(Tensor.TotalCount, Is.EqualTo(baseline), "every tensor of every step, and the optimizer's state, was freed");
            Assert.That(growth, Is.LessThan(0.05), $"resident memory grew by {growth:P1} from step {WarmupSteps} to step {Steps}");
            Assert.That(losses[^1], Is.LessThan(losses[0]), "the run really trained");
        });
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Samples the process's resident memory after the warm-up step and after the last one.</summary>
    private sealed class ResidentMemoryProbe(int warmupStep, int lastStep) : TrainerCallback
    {
        public long AfterWarmup { get; private set; }

        public long AtEnd { get; private set; }

        public override void OnStepEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
        {
            if (state.GlobalStep != warmupStep && state.GlobalStep != lastStep) return;
            Collect();
            if (state.GlobalStep == warmupStep) AfterWarmup = ResidentBytes();
            else AtEnd = ResidentBytes();
        }

        // Second field of /proc/self/statm: resident pages.
        private static long ResidentBytes()
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
    }
}
