namespace Training.Core;

public sealed partial class DataLoader
{
    /// <summary>
    /// The training loader Transformers' <c>get_train_dataloader</c> builds from <paramref name="args"/>: shuffled
    /// by <c>DataSeed</c> (else <c>Seed</c>), or length-grouped with <c>GroupByLength</c> (megabatches of the
    /// per-device batch × gradient accumulation steps, as Transformers), <c>DataloaderDropLast</c>,
    /// <c>DataloaderNumWorkers</c> and <c>DataloaderPrefetchFactor</c>.
    /// </summary>
    public static DataLoader ForTraining(IDataset dataset, IDataCollator collator, TrainingArguments args)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(args);
        var seed = args.DataSeed ?? args.Seed;
        ISampler sampler = args.GroupByLength
            ? LengthGroupedSampler.For(dataset, checked(args.PerDeviceTrainBatchSize * args.GradientAccumulationSteps), seed)
            : new RandomSampler(dataset.Count, seed);
        return new DataLoader(dataset, collator, args.PerDeviceTrainBatchSize, sampler, seed, args.DataloaderDropLast)
        {
            NumWorkers = args.DataloaderNumWorkers,
            PrefetchFactor = args.DataloaderPrefetchFactor,
        };
    }
}
