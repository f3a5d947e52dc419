using Training.Core;
using Training.Models;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Examples;

/// <summary>One training example: the context window starting at <see cref="Start"/> in <see cref="Source"/>.</summary>
internal readonly record struct Window(CharDataset Source, long Start);

/// <summary>
/// The windows of a character dataset as a Trainer dataset; <paramref name="stride"/> &gt; 1 keeps every n-th
/// window (a fixed evaluation subset instead of all ~100k validation windows).
/// </summary>
internal sealed class CharWindows(CharDataset source, int stride = 1) : IDataset<Window>
{
    public int Count => (int)((source.Count + stride - 1) / stride);

    public Window this[int index] => new(source, (long)index * stride);

    /// <summary>Collates windows into <c>input_ids</c> [B, T] and <c>labels</c> (the next characters) [B, T].</summary>
    public static IDataCollator Collator { get; } = new DataCollator<Window>(windows =>
    {
        var starts = windows.Select(w => w.Start).ToArray();
        var (input, target) = windows[0].Source.GetBatch(starts);
        return new Batch(windows.Count, new Dictionary<string, Tensor> { ["input_ids"] = input, ["labels"] = target });
    });
}
