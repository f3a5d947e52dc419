using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Training.Torch.Native;

namespace Training.Torch;

/// <summary>
/// Process-wide facts and settings of the native runtime: which BLAS libtorch uses, the libtorch
/// version, and the logger the binding reports through.
/// </summary>
public static unsafe class TorchRuntime
{
    /// <summary>Environment variable that disables the allocator tuning when set to <c>0</c>.</summary>
    public const string AllocatorTuningVariable = "TRAINER_MALLOC_TUNING";

    // glibc caps M_MMAP_THRESHOLD at 32 MiB on 64-bit; keeping blocks up to that size in the heap (and
    // trimming late) avoids re-faulting optimizer temporaries on every step.
    private const long MmapThreshold = 32L << 20;
    private const long TrimThreshold = 512L << 20;

    private static ILoggerFactory loggerFactory = NullLoggerFactory.Instance;
    private static int blasWarningLogged;

#pragma warning disable CA2255 // The resolver must be registered before the first P/Invoke of this library.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterResolver() => NativeLibraryLoader.Register(typeof(TorchRuntime).Assembly);

    /// <summary>
    /// The logger factory the binding logs through (default: none). Setting it reports start-up
    /// findings that were made before, such as the reference-BLAS warning.
    /// </summary>
    [AllowNull]
    public static ILoggerFactory LoggerFactory
    {
        get => loggerFactory;
        set
        {
            loggerFactory = value ?? NullLoggerFactory.Instance;
            if (IsLoaded) WarnIfReferenceBlas();
        }
    }

    /// <summary>True once the shim and libtorch are loaded.</summary>
    public static bool IsLoaded { get; private set; }

    /// <summary>The shared library that provides BLAS to libtorch ("" if none was found).</summary>
    public static string BlasLibrary { get; private set; } = string.Empty;

    /// <summary>
    /// True when Debian's reference BLAS is active: matrix products then run ~40x slower than with
    /// OpenBLAS (<c>apt-get install libopenblas0-openmp</c>).
    /// </summary>
    public static bool IsReferenceBlas =>
        BlasLibrary.Contains("/blas/", StringComparison.Ordinal) ||
        BlasLibrary.EndsWith("libblas.so.3.11.0", StringComparison.Ordinal);

    /// <summary>The libtorch version the shim was built against, e.g. "1.13.0".</summary>
    public static string TorchVersion
    {
        get
        {
            EnsureLoaded();
            return NativeError.ReadString(NativeMethods.trn_torch_version());
        }
    }

    /// <summary>Loads the shim and libtorch now (otherwise they load on first use).</summary>
    public static void EnsureLoaded() => NativeError.Check(NativeMethods.trn_clear_error());

    // Runs inside the DllImport resolver, so it calls the shim through raw exports, not NativeMethods.
    internal static void Initialize(nint library)
    {
        var setThreads = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(library, "trn_set_num_threads");
        var tuneAllocator = (delegate* unmanaged<long, long, int>)NativeLibrary.GetExport(library, "trn_tune_allocator");
        var blasLibrary = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(library, "trn_blas_library");

        // Debian's libtorch starts with one intra-op thread; use every core unless the user chose.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_NUM_THREADS")))
            setThreads(Math.Max(1, Environment.ProcessorCount));
        if (Environment.GetEnvironmentVariable(AllocatorTuningVariable) != "0")
            tuneAllocator(MmapThreshold, TrimThreshold);

        BlasLibrary = Marshal.PtrToStringUTF8((nint)blasLibrary()) ?? string.Empty;
        IsLoaded = true;
        WarnIfReferenceBlas();
    }

    private static void WarnIfReferenceBlas()
    {
        if (!IsReferenceBlas || loggerFactory is NullLoggerFactory) return;
        if (Interlocked.Exchange(ref blasWarningLogged, 1) != 0) return;
        loggerFactory.CreateLogger(typeof(TorchRuntime)).LogWarning(
            "libtorch is using the reference BLAS ({BlasLibrary}); matrix products will be ~40x slower. " +
            "Install OpenBLAS: apt-get install -y libopenblas0-openmp", BlasLibrary);
    }
}
