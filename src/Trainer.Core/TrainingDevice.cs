using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>Where training runs: the device Transformers' <c>TrainingArguments.device</c> would pick.</summary>
public static class TrainingDevice
{
    /// <summary>CUDA (device 0) when TorchSharp reports it available and <see cref="TrainingArguments.UseCpu"/> is off, else the CPU.</summary>
    public static Device Select(TrainingArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return !args.UseCpu && torch.cuda.is_available() ? torch.CUDA : torch.CPU;
    }

    /// <summary>True when both name the same device (TorchSharp's <c>Device</c> has no value equality).</summary>
    public static bool Same(Device a, Device b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // CPU and CUDA's default device carry index -1; CUDA device 0 named explicitly carries 0.
        return a.type == b.type && Math.Max(a.index, 0) == Math.Max(b.index, 0);
    }

    /// <summary>The device of the model's first parameter (the CPU for a model without parameters).</summary>
    public static Device Of(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var first = model.parameters().FirstOrDefault();
        return first is null ? torch.CPU : first.device;
    }
}
