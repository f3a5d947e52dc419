using System.Runtime.InteropServices;

namespace Training.Torch;

/// <summary>
/// An error raised by libtorch or the shim. It derives from <see cref="ExternalException"/>, the type
/// TorchSharp throws, so ported <c>catch</c> blocks keep working; <see cref="Kind"/> tells the C++ exception family.
/// </summary>
public class TorchException : ExternalException
{
    /// <summary>Creates an exception of the given kind.</summary>
    public TorchException(TorchErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>The family of the native exception.</summary>
    public TorchErrorKind Kind { get; }
}

/// <summary>The native allocator ran out of memory.</summary>
public sealed class TorchOutOfMemoryException : TorchException
{
    /// <summary>Creates an out-of-memory exception.</summary>
    public TorchOutOfMemoryException(string message, Exception? innerException = null)
        : base(TorchErrorKind.OutOfMemory, message, innerException)
    {
    }
}
