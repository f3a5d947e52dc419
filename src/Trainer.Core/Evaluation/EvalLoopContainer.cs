using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// Gathers one kind of evaluation output (losses, predictions, labels or inputs) over the batches, as Transformers'
/// <c>EvalLoopContainer</c>: batch pieces stay on the device until <see cref="MoveToHost"/> concatenates them (with
/// -100 padding) and appends the result to the host copy — every <c>EvalAccumulationSteps</c> steps and at the end.
/// It owns every tensor it holds (outside the dispose scopes of the steps).
/// </summary>
internal sealed class EvalLoopContainer : IDisposable
{
    private readonly List<Tensor> pieces = [];
    private Tensor? host;

    /// <summary>The batch pieces held on the device since the last move to the host.</summary>
    public int PendingPieces => pieces.Count;

    /// <summary>Keeps a piece: a new handle on its storage, so the batch or scope that owns the original may free it.</summary>
    public void Add(Tensor piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        pieces.Add(piece.detach().DetachFromDisposeScope());
    }

    /// <summary>Concatenates the pieces held on the device and appends them to the host copy.</summary>
    public void MoveToHost()
    {
        if (pieces.Count == 0) return;
        using var scope = torch.NewDisposeScope();
        var moved = PaddedConcatenation.Concatenate(pieces).cpu();
        foreach (var piece in pieces) piece.Dispose();
        pieces.Clear();
        var combined = host is null ? moved : PaddedConcatenation.Concatenate([host, moved]);
        host?.Dispose();
        host = combined.DetachFromDisposeScope();
    }

    /// <summary>Everything gathered, on the host; the caller owns it. Null when nothing was added.</summary>
    public Tensor? Take()
    {
        MoveToHost();
        var taken = host;
        host = null;
        return taken;
    }

    /// <summary>Frees what is held.</summary>
    public void Dispose()
    {
        foreach (var piece in pieces) piece.Dispose();
        pieces.Clear();
        host?.Dispose();
        host = null;
    }
}
