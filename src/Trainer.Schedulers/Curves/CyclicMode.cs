namespace Training.Schedulers;

/// <summary>The built-in amplitude policies of a cyclical schedule (PyTorch's and Cerebras' <c>mode</c>).</summary>
public enum CyclicMode
{
    /// <summary><c>"triangular"</c>: constant amplitude.</summary>
    Triangular,
    /// <summary><c>"triangular2"</c>: the amplitude halves every cycle.</summary>
    Triangular2,
    /// <summary><c>"exp_range"</c>: the amplitude is scaled by gamma^t.</summary>
    ExpRange,
}
