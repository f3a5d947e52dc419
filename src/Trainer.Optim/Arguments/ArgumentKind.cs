namespace Training.Optim;

/// <summary>
/// The type of a declared argument, which decides how <see cref="ArgumentCoercion"/> converts a raw value (text from
/// <c>OptimArgs</c>, a configuration string, a JSON number, a list) into the typed value a factory receives.
/// </summary>
public enum ArgumentKind
{
    /// <summary>A finite floating-point number (<see cref="double"/>).</summary>
    Number,

    /// <summary>A whole number (<see cref="long"/>); <c>4</c>, <c>4.0</c> and <c>"4.0"</c> are all 4, <c>4.5</c> is refused.</summary>
    Integer,

    /// <summary>A boolean (<see cref="bool"/>): true/false, or Python's <c>strtobool</c> words and 0/1.</summary>
    Flag,

    /// <summary>A string (<see cref="string"/>).</summary>
    Text,

    /// <summary>Two finite numbers such as <c>betas</c> (<c>double[2]</c>).</summary>
    Pair,

    /// <summary>A list of finite numbers (<c>double[]</c>); a single number is a list of one.</summary>
    Numbers,

    /// <summary>A list of whole numbers (<c>long[]</c>), e.g. milestones; a single number is a list of one.</summary>
    Integers,

    /// <summary>Python's <c>float | list[float]</c>: one number for every group (<see cref="double"/>) or a list, one per group (<c>double[]</c>).</summary>
    NumberOrNumbers,

    /// <summary>Any value, passed through unchanged (a function, a nested specification); the factory checks it.</summary>
    Any,
}
