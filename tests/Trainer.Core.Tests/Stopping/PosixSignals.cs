using System.Runtime.InteropServices;

namespace Training.Core.Tests;

/// <summary>Sends a signal to a process as <c>kill -TERM</c> does (libc's <c>kill</c>).</summary>
internal static class PosixSignals
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    // DllImport: LibraryImport would need unsafe code in the test project for an (int, int) -> int call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
