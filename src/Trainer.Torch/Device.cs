namespace Training.Torch;

/// <summary>The kind of device a tensor lives on.</summary>
public enum DeviceType
{
    /// <summary>Host memory.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU.</summary>
    CUDA = 1,
}

/// <summary>
/// A device, as in TorchSharp (<c>new Device("cpu")</c>, <c>torch.CPU</c>). The bound libtorch (Debian's
/// 1.13.1) is a CPU-only build, so only the CPU can hold tensors; asking for CUDA raises a clear error.
/// </summary>
public sealed class Device : IEquatable<Device>
{
    /// <summary>Creates a device of a type and index.</summary>
    public Device(DeviceType type, int index = -1)
    {
        type_ = type;
        index_ = index;
    }

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public Device(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var parts = description.Trim().ToLowerInvariant().Split(':');
        type_ = parts[0] switch
        {
            "cpu" => DeviceType.CPU,
            "cuda" => DeviceType.CUDA,
            _ => throw new ArgumentException($"unknown device '{description}'; expected 'cpu', 'cuda' or 'cuda:N'", nameof(description)),
        };
        index_ = -1;
        if (parts.Length > 1)
        {
            if (parts.Length > 2 || !int.TryParse(parts[1], out var parsed) || parsed < 0)
                throw new ArgumentException($"invalid device index in '{description}'", nameof(description));
            index_ = parsed;
        }
    }

    private readonly DeviceType type_;
    private readonly int index_;

    /// <summary>The device type.</summary>
    public DeviceType type => type_;

    /// <summary>The device index (-1 when unspecified).</summary>
    public int index => index_;

    /// <summary>Converts a device string.</summary>
    public static implicit operator Device(string description) => new(description);

    /// <summary>Throws unless this device can hold tensors in this build.</summary>
    internal static void EnsureAvailable(Device? device)
    {
        if (device is null || device.type == DeviceType.CPU) return;
        throw new NotSupportedException(
            $"Device '{device}' is not available: this binding uses Debian's CPU-only libtorch 1.13.1 (torch.cuda.is_available() is false).");
    }

    /// <inheritdoc/>
    public bool Equals(Device? other) => other is not null && other.type == type && other.index == index;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Device);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(type, index);

    /// <inheritdoc/>
    public override string ToString() => (type == DeviceType.CPU ? "cpu" : "cuda") + (index >= 0 ? $":{index}" : "");
}
