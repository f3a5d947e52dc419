namespace Training.TorchExtensions;

/// <summary>What <see cref="AllocatorTuning.Apply"/> did.</summary>
public enum AllocatorTuningOutcome
{
    /// <summary>glibc accepted both thresholds: blocks up to 32 MiB come from the heap and it is trimmed late.</summary>
    Applied,

    /// <summary>The environment variable <see cref="AllocatorTuning.EnvironmentVariable"/> is <c>0</c>.</summary>
    DisabledByEnvironment,

    /// <summary>Not Linux with glibc (Windows, macOS, musl): the defaults of that allocator stay.</summary>
    Unsupported,

    /// <summary>glibc's <c>mallopt</c> refused a value; the defaults stay.</summary>
    Rejected,
}
