namespace Training.Optim;

/// <summary>What binding does with a key the schema does not declare.</summary>
public enum UnknownArgumentPolicy
{
    /// <summary>An error naming the key and the closest declared one (Python's <c>TypeError: unexpected keyword argument</c>).</summary>
    Reject,

    /// <summary>Ignored, as the upstream function does (it takes <c>**kwargs</c> and drops what it does not read); kept in <see cref="BoundArguments.Ignored"/>.</summary>
    Ignore,
}
