using System.Collections;

namespace Training.Schedulers;

/// <summary>
/// Transformers' <c>StreamingAverage</c>: the mean of the last <see cref="WindowSize"/> values, kept as a running
/// sum (value added, the oldest subtracted once the window is full). The running sum is kept rather than re-summing
/// the window so the means are the same doubles as upstream's.
/// </summary>
public sealed class StreamingAverage
{
    private readonly List<double> values = [];

    /// <summary>An empty window.</summary>
    public StreamingAverage(long windowSize) => WindowSize = windowSize;

    /// <summary>How many recent values are averaged.</summary>
    public long WindowSize { get; private set; }

    /// <summary>The values in the window, oldest first.</summary>
    public IReadOnlyList<double> Values => values;

    /// <summary>The running sum of the window.</summary>
    public double Sum { get; private set; }

    /// <summary>Adds a value and returns the mean of the window.</summary>
    public double Add(double value)
    {
        values.Add(value);
        Sum += value;
        if (values.Count > WindowSize)
        {
            Sum -= values[0];
            values.RemoveAt(0);
        }

        return Sum / values.Count;
    }

    /// <summary>Upstream's state: <c>window_size</c>, <c>values</c>, <c>sum</c>.</summary>
    public OrderedDictionary<object, object?> StateDict() => new()
    {
        ["window_size"] = WindowSize,
        ["values"] = values.Cast<object?>().ToList(),
        ["sum"] = Sum,
    };

    /// <summary>Restores a state; absent entries keep their value (window size) or reset (values, sum), as upstream.</summary>
    public void LoadStateDict(IDictionary state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Contains("window_size")) WindowSize = Convert.ToInt64(state["window_size"]);
        values.Clear();
        if (state.Contains("values") && state["values"] is IEnumerable saved) values.AddRange(saved.Cast<object?>().Select(Convert.ToDouble));
        Sum = state.Contains("sum") ? Convert.ToDouble(state["sum"]) : 0.0;
    }
}
