namespace Training.Core;

public sealed partial class DataLoader
{
    /// <summary>
    /// The evaluation and prediction loader Transformers' <c>get_eval_dataloader</c> builds from <paramref name="args"/>:
    /// the examples in order, <c>PerDeviceEvalBatchSize</c>, every example kept (no drop-last), collated by
    /// <c>DataloaderNumWorkers</c> threads <c>DataloaderPrefetchFactor</c> batches ahead as in training.
    /// </summary>
    public static DataLoader ForEvaluation(IDataset dataset, IDataCollator collator, TrainingArguments args)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(args);
        return new DataLoader(dataset, collator, args.PerDeviceEvalBatchSize)
        {
            NumWorkers = args.DataloaderNumWorkers,
            PrefetchFactor = args.DataloaderPrefetchFactor,
        };
    }
}
