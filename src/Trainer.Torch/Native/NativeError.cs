using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Training.Torch.Native;

/// <summary>Turns the shim's sentinel returns into typed managed exceptions.</summary>
internal static unsafe class NativeError
{
    // A managed gradient hook that threw during backward: kept here so the exception that ends the
    // backward call carries it as its inner exception.
    [ThreadStatic] internal static Exception? PendingManagedException;

    internal static nint Check(nint handle)
    {
        if (handle == 0) Throw();
        return handle;
    }

    internal static int Check(int status)
    {
        if (status < 0) Throw();
        return status;
    }

    internal static long Check(long value)
    {
        if (value < 0) Throw();
        return value;
    }

    internal static string ReadString(byte* text)
    {
        if (text is null) Throw();
        return Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
    }

    [DoesNotReturn]
    internal static void Throw()
    {
        var kind = (TorchErrorKind)NativeMethods.trn_last_error_kind();
        var message = Marshal.PtrToStringUTF8((nint)NativeMethods.trn_last_error_message()) ?? "unknown native error";
        var inner = PendingManagedException;
        PendingManagedException = null;
        throw kind == TorchErrorKind.OutOfMemory
            ? new TorchOutOfMemoryException(message, inner)
            : new TorchException(kind, message, inner);
    }
}
