using System.Runtime.InteropServices;
using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Runtime;

/// <summary>glibc allocator tuning: the decision, idempotence and its observable effect on large blocks.</summary>
public class AllocatorTuningTests
{
    [TestCase("0", AllocatorTuningOutcome.DisabledByEnvironment)]
    [TestCase(" 0 ", AllocatorTuningOutcome.DisabledByEnvironment)]
    public void The_environment_variable_disables_it(string value, AllocatorTuningOutcome expected) =>
        Assert.That(AllocatorTuning.Decide(value), Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("1")]
    [TestCase("")]
    public void Otherwise_linux_sets_the_thresholds(string? value)
    {
        Assume.That(OperatingSystem.IsLinux());
        Assert.That(AllocatorTuning.Decide(value), Is.Null);
    }

    [Test]
    public void Apply_is_idempotent()
    {
        var first = AllocatorTuning.Apply();
        Assert.That(AllocatorTuning.Apply(), Is.EqualTo(first));
        Assert.That(AllocatorTuning.Outcome, Is.EqualTo(first));
        Assert.That(AllocatorTuning.IsApplied, Is.EqualTo(first == AllocatorTuningOutcome.Applied));
    }

    [Test]
    public void After_it_a_large_block_comes_from_the_heap_not_mmap()
    {
        Assume.That(OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(AllocatorTuning.EnvironmentVariable) != "0");
        Assume.That(NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "mallinfo2", out _),
            "glibc 2.33 or later");
        Assert.That(AllocatorTuning.Apply(), Is.EqualTo(AllocatorTuningOutcome.Applied));

        // glibc's default threshold is 128 KiB, sliding up to at most 32 MiB; fixed at 32 MiB, a 30 MiB block is heap.
        var mmappedBefore = Glibc.mallinfo2().hblks;
        var block = Glibc.malloc(30 << 20);
        try
        {
            Assert.That(block, Is.Not.EqualTo(nint.Zero));
            Assert.That(Glibc.mallinfo2().hblks, Is.EqualTo(mmappedBefore), "the 30 MiB block was mmapped");
        }
        finally
        {
            Glibc.free(block);
        }
    }

    private static class Glibc
    {
        [StructLayout(LayoutKind.Sequential)]
        internal struct MallInfo2
        {
            public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
        }

        [DllImport("libc.so.6")]
        internal static extern MallInfo2 mallinfo2();

        [DllImport("libc.so.6")]
        internal static extern nint malloc(nuint size);

        [DllImport("libc.so.6")]
        internal static extern void free(nint pointer);
    }
}
