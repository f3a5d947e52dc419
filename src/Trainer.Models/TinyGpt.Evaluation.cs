using Training.TorchExtensions;
namespace Training.Models;

public sealed partial class TinyGpt
{
    /// <summary>
    /// The mean next-token loss over <paramref name="dataset"/>'s consecutive windows (at most
    /// <paramref name="maxBatches"/> batches of <paramref name="batchSize"/>), in evaluation mode and without gradients;
    /// the previous mode is restored. Each batch is freed before the next is read, so memory stays at one forward pass.
    /// </summary>
    public double EstimateLoss(CharDataset dataset, int batchSize, int maxBatches = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.BlockSize > Config.BlockSize)
            throw new ArgumentException($"the dataset's windows ({dataset.BlockSize}) exceed the block size {Config.BlockSize}", nameof(dataset));
        return InEvaluationMode(() =>
        {
            using var noGrad = no_grad();
            double sum = 0;
            long rows = 0;
            using var batches = dataset.SequentialBatches(batchSize, maxBatches).GetEnumerator();
            while (true)
            {
                // Opened before MoveNext, so the batch the enumerator creates belongs to it too.
                using var scope = NewDisposeScope();
                if (!batches.MoveNext()) break;
                var (input, target) = batches.Current;
                var count = input.size(0);
                sum += Loss(input, target).ReadSingle() * count;
                rows += count;
            }

            return rows == 0 ? double.NaN : sum / rows;
        });
    }

    // Runs body with dropout off, then restores the previous mode (even when body throws).
    private T InEvaluationMode<T>(Func<T> body)
    {
        var wasTraining = training;
        eval();
        try
        {
            return body();
        }
        finally
        {
            train(wasTraining);
        }
    }
}
