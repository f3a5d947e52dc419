namespace Training.Torch;

/// <summary>The family of a native error, from the C++ exception type libtorch threw.</summary>
public enum TorchErrorKind
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>A <c>c10::Error</c> (TORCH_CHECK failures: shape mismatches, invalid arguments, ...).</summary>
    Torch = 1,
    /// <summary>A <c>c10::IndexError</c>: an index or dimension out of range.</summary>
    Index = 2,
    /// <summary>A <c>c10::ValueError</c> or an invalid argument caught by the shim.</summary>
    Value = 3,
    /// <summary>A <c>c10::TypeError</c>: an unsupported dtype.</summary>
    Type = 4,
    /// <summary>A <c>c10::NotImplementedError</c>: the operation has no kernel for these inputs.</summary>
    NotImplemented = 5,
    /// <summary>A <c>c10::LinAlgError</c>: a decomposition failed (singular matrix, no convergence).</summary>
    LinAlg = 6,
    /// <summary>The allocator could not satisfy a request.</summary>
    OutOfMemory = 7,
    /// <summary>Another <c>std::exception</c>.</summary>
    Std = 8,
    /// <summary>An exception of a type that does not derive from <c>std::exception</c>.</summary>
    Unknown = 9,
    /// <summary>A managed callback (a gradient hook) threw during a native call.</summary>
    Managed = 10,
}
