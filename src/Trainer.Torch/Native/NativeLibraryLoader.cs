using System.Reflection;
using System.Runtime.InteropServices;

namespace Training.Torch.Native;

/// <summary>
/// Finds and loads the shim (<c>libtrainer_native.so</c>) for every P/Invoke of this assembly, then
/// initialises the runtime once. libtorch itself is found through the shim's own dependency list, so a
/// missing libtorch shows up here, and is reported with the command that installs it.
/// </summary>
internal static class NativeLibraryLoader
{
    internal const string FileName = "libtrainer_native.so";
    internal const string PathVariable = "TRAINER_NATIVE_LIBRARY";
    internal const string InstallHint =
        "Install libtorch 1.13 and OpenBLAS with: apt-get update && apt-get install -y libtorch-dev libopenblas0-openmp " +
        "(./build.sh in the repository does this for you).";

    private static readonly Lazy<nint> Handle = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    internal static void Register(Assembly assembly) => NativeLibrary.SetDllImportResolver(assembly, Resolve);

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == NativeMethods.Library ? Handle.Value : 0;

    internal static IReadOnlyList<string> CandidatePaths()
    {
        var candidates = new List<string>();
        var overridePath = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(overridePath)) candidates.Add(overridePath);
        candidates.Add(Path.Combine(AppContext.BaseDirectory, FileName));
        var assemblyDirectory = Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDirectory)) candidates.Add(Path.Combine(assemblyDirectory, FileName));
        return candidates.Distinct().ToList();
    }

    /// <summary>The one message a user sees when the shim cannot be loaded (usually: libtorch is not installed).</summary>
    internal static string DescribeLoadFailure(string shimPath, string loaderMessage)
    {
        var missingTorch = loaderMessage.Contains("libtorch", StringComparison.Ordinal) ||
                           loaderMessage.Contains("libc10", StringComparison.Ordinal);
        return missingTorch
            ? $"libtorch 1.13 is not installed (needed by {shimPath}). {InstallHint} Loader said: {loaderMessage}"
            : $"{shimPath} could not be loaded: {loaderMessage}. {InstallHint}";
    }

    private static nint Load()
    {
        var candidates = CandidatePaths();
        var existing = candidates.FirstOrDefault(File.Exists);
        if (existing is null)
        {
            throw new DllNotFoundException(
                $"The native shim {FileName} was not found (looked in: {string.Join(", ", candidates)}). " +
                $"Build the solution (dotnet build or ./build.sh build), which compiles it with CMake, or set {PathVariable}.");
        }

        nint handle;
        try
        {
            handle = NativeLibrary.Load(existing);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException(DescribeLoadFailure(existing, e.Message), e);
        }

        TorchRuntime.Initialize(handle);
        return handle;
    }
}
