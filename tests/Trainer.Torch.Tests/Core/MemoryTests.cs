namespace Training.Torch.Tests.Core;

/// <summary>A long scoped training loop leaks neither native tensors nor process memory.</summary>
[NonParallelizable]
public class MemoryTests
{
    private static long ResidentBytes()
    {
        // Second field of /proc/self/statm: resident pages.
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [Test]
    public void FiveThousandScopedStepsOfALinearModelLeaveCountAndMemoryFlat()
    {
        using var model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 4));
        var parameters = model.parameters().ToList();
        using var generator = new Generator(5);
        Collect();
        var baseline = Tensor.TotalCount;
        long residentAfterWarmup = 0;
        double firstLoss = 0, lastLoss = 0;

        for (var step = 0; step < 5000; step++)
        {
            using (var scope = NewDisposeScope())
            {
                var x = randn(new long[] { 16, 32 }, generator: generator);
                var target = x.narrow(1, 0, 4).sum(1).gt(0).@long();
                var loss = nn.functional.cross_entropy(model.forward(x), target);
                loss.backward();
                using (no_grad())
                {
                    foreach (var p in parameters) p.sub_(p.grad!, 0.05);
                }

                model.zero_grad();
                if (step == 0) firstLoss = loss.item<double>();
                if (step == 4999) lastLoss = loss.item<double>();
            }

            if (step == 499)
            {
                Collect();
                residentAfterWarmup = ResidentBytes();
            }
        }

        Collect();
        var growth = (double)(ResidentBytes() - residentAfterWarmup) / residentAfterWarmup;
        Assert.Multiple(() =>
        {
            Assert.That(Tensor.TotalCount, Is.EqualTo(baseline), "every tensor of every step was freed");
            Assert.That(growth, Is.LessThan(0.05), $"resident memory grew by {growth:P1} over 4,500 steps");
            Assert.That(lastLoss, Is.LessThan(firstLoss), "the loop really trained");
        });
    }
}
