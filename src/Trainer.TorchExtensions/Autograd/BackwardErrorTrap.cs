using System.Runtime.ExceptionServices;

namespace Training.TorchExtensions.Autograd;

/// <summary>
/// Carries managed exceptions out of a custom autograd function's backward. A managed exception that escapes
/// TorchSharp's backward callback aborts the process (libtorch calls it from native code), so
/// <see cref="Guard"/> catches it, keeps it, and returns gradients libtorch rejects: libtorch then fails the pass
/// with its own error, which <see cref="Backward"/> replaces by the original exception (type, message and stack).
/// </summary>
/// <remarks>
/// Pass the trap to the function's <c>apply</c> as a non-tensor argument (or reach it through one) and run the
/// pass with the trap's <see cref="Backward"/>. After a failure the trap is ready for the next pass. A pass run with a
/// plain <c>loss.backward()</c> still fails cleanly, with libtorch's message; the kept exception is then discarded by
/// the next <see cref="Backward"/>.
/// </remarks>
public sealed class BackwardErrorTrap
{
    private readonly Lock sync = new();
    private ExceptionDispatchInfo? captured;

    /// <summary>True when a guarded backward has failed and the exception waits to be rethrown.</summary>
    public bool HasCapturedException
    {
        get
        {
            lock (sync) return captured is not null;
        }
    }

    /// <summary>
    /// Runs <paramref name="backward"/> (a function's backward body). On an exception, keeps it and returns a
    /// gradient list libtorch refuses for <paramref name="slots"/> (the forward arguments, see
    /// <see cref="GradientSlot.Of"/>); once a pass has failed, later bodies of the same pass are not run at all.
    /// </summary>
    public List<Tensor?> Guard(IReadOnlyList<GradientSlot?> slots, Func<List<Tensor?>> backward)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(backward);
        if (HasCapturedException) return Rejected(slots);
        try
        {
            return backward();
        }
        catch (Exception e)
        {
            lock (sync) captured ??= ExceptionDispatchInfo.Capture(e);
            return Rejected(slots);
        }
    }

    /// <summary>
    /// Runs <c>loss.backward()</c>; if a guarded body threw during it, rethrows that exception instead of libtorch's
    /// failure. Any exception kept from an earlier pass is discarded first.
    /// </summary>
    public void Backward(Tensor loss, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Take();
        try
        {
            loss.backward(retain_graph: retainGraph);
        }
        catch (Exception)
        {
            var original = Take();
            if (original is null) throw;
            original.Throw();
        }

        // libtorch accepted the rejected gradient only if it was never validated (e.g. a pruned edge): still report.
        Take()?.Throw();
    }

    private ExceptionDispatchInfo? Take()
    {
        lock (sync)
        {
            var kept = captured;
            captured = null;
            return kept;
        }
    }

    // Throwing here would abort the process; a function without tensor arguments never runs backward anyway, and
    // if nothing can be rejected the pass succeeds and Backward reports the kept exception afterwards.
    private static List<Tensor?> Rejected(IReadOnlyList<GradientSlot?> slots) => slots.Select(s => s?.Rejected()).ToList();
}
