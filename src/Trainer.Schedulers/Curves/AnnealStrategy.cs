namespace Training.Schedulers;

/// <summary>How a one-cycle schedule moves between its anchor values (PyTorch's <c>anneal_strategy</c>).</summary>
public enum AnnealStrategy
{
    /// <summary><c>"cos"</c>: cosine annealing.</summary>
    Cos,
    /// <summary><c>"linear"</c>: linear annealing.</summary>
    Linear,
}
