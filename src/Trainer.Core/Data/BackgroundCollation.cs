using System.Collections;

namespace Training.Core;

/// <summary>
/// The batches [first, end) of one epoch, collated ahead by worker threads and handed out in order. At most
/// <c>window</c> batches are in flight (scheduled and not yet taken). A worker's exception reaches the consumer when
/// it asks for that batch. Disposing the enumerator stops the workers, waits for them, and disposes every batch
/// they collated that was not taken, so stopping early (a break, an exception in the training step) leaks nothing.
/// </summary>
internal sealed class BackgroundCollation(Func<int, Batch> collate, int first, int end, int workers, int window, int epoch) : IEnumerable<Batch>
{
    public IEnumerator<Batch> GetEnumerator() => new Enumerator(collate, first, end, workers, window, epoch);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator(Func<int, Batch> collate, int first, int end, int workerCount, int window, int epoch) : IEnumerator<Batch>
    {
        private readonly object gate = new();
        private readonly Dictionary<int, (Batch? Batch, Exception? Error)> done = [];
        private Thread[]? workers;
        private readonly int start = first;
        private int nextToSchedule = first;
        private int nextToTake = first;
        private bool stopping;
        private Batch? current;

        public Batch Current => current ?? throw new InvalidOperationException("MoveNext has not returned true");

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            ObjectDisposedException.ThrowIf(stopping, this);
            current = null;
            if (nextToTake >= end) return false;
            workers ??= Start();
            (Batch? Batch, Exception? Error) result;
            lock (gate)
            {
                while (!done.ContainsKey(nextToTake)) Monitor.Wait(gate);
                result = done[nextToTake];
                done.Remove(nextToTake);
                nextToTake++;
                // A slot of the window is free again.
                Monitor.PulseAll(gate);
            }

            if (result.Error is not null) throw new DataLoaderWorkerException(epoch, nextToTake - 1, result.Error);
            current = result.Batch;
            return true;
        }

        public void Reset() => throw new NotSupportedException("an epoch's batches are enumerated once");

        public void Dispose()
        {
            lock (gate)
            {
                if (stopping) return;
                stopping = true;
                Monitor.PulseAll(gate);
            }

            // A worker finishes the batch it is collating (collators are not interruptible), then sees the stop.
            foreach (var worker in workers ?? []) worker.Join();
            foreach (var (batch, _) in done.Values) batch?.Dispose();
            done.Clear();
        }

        private Thread[] Start()
        {
            var threads = new Thread[Math.Min(workerCount, end - start)];
            for (var i = 0; i < threads.Length; i++)
            {
                // Background threads: a collator stuck forever must not keep the process alive.
                threads[i] = new Thread(Work) { IsBackground = true, Name = $"DataLoader worker {i}" };
                threads[i].Start();
            }

            return threads;
        }

        private void Work()
        {
            while (true)
            {
                int index;
                lock (gate)
                {
                    while (!stopping && nextToSchedule < end && nextToSchedule - nextToTake >= window) Monitor.Wait(gate);
                    if (stopping || nextToSchedule >= end) return;
                    index = nextToSchedule++;
                }

                (Batch? Batch, Exception? Error) result;
                try
                {
                    result = (collate(index), null);
                }
#pragma warning disable CA1031 // Any exception of a collator is the consumer's to see, on its own thread.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    result = (null, e);
                }

                lock (gate)
                {
                    if (stopping)
                    {
                        result.Batch?.Dispose();
                        return;
                    }

                    done[index] = result;
                    Monitor.PulseAll(gate);
                }
            }
        }
    }
}
