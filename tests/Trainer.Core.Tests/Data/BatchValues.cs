namespace Training.Core.Tests.Data;

/// <summary>Reads a batch's int64 tensors back as shapes and rows for assertions.</summary>
internal static class BatchValues
{
    public static long[] Shape(Batch batch, string name) => batch[name].shape;

    public static long[][] Rows(Batch batch, string name)
    {
        var tensor = batch[name];
        Assert.That(tensor.dtype, Is.EqualTo(ScalarType.Int64), $"{name} is int64");
        var flat = tensor.data<long>().ToArray();
        var width = (int)tensor.shape[1];
        return [.. Enumerable.Range(0, (int)tensor.shape[0]).Select(r => flat.AsSpan(r * width, width).ToArray())];
    }

    public static TokenizedExample Example(int[] ids, int[]? labels = null, int[]? mask = null) =>
        new(ids, labels, mask);

    public static Batch Collate(IDataCollator collator, params TokenizedExample[] examples) =>
        collator.Collate(new TokenizedDataset(examples), Enumerable.Range(0, examples.Length).ToArray());
}
