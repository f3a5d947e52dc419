namespace Training.TorchExtensions.Autograd;

/// <summary>
/// What libtorch expects back from a custom autograd function for one tensor argument of its forward: the
/// argument's shape, dtype and device. Record it in <c>forward</c> (the tensor itself need not be kept) so that a
/// failed backward can hand libtorch a gradient it rejects (see <see cref="BackwardErrorTrap"/>).
/// </summary>
/// <param name="Shape">The argument's shape.</param>
/// <param name="DType">The argument's element type.</param>
/// <param name="Device">The argument's device.</param>
public sealed record GradientSlot(long[] Shape, ScalarType DType, Device Device)
{
    /// <summary>The slot of each forward argument: a <see cref="GradientSlot"/> for a tensor, null for anything else.</summary>
    public static IReadOnlyList<GradientSlot?> Of(params object?[] forwardArguments)
    {
        ArgumentNullException.ThrowIfNull(forwardArguments);
        return forwardArguments.Select(a => a is Tensor { IsInvalid: false } t ? new GradientSlot(t.shape, t.dtype, t.device) : null).ToList();
    }

    /// <summary>
    /// A gradient libtorch's output validation refuses for this slot: a 0-dim tensor for an argument with dimensions
    /// (a shape cannot be reduced to fewer dimensions), a tensor on the meta device for a 0-dim argument (a 0-dim
    /// shape expands to anything, so only the device check catches it).
    /// </summary>
    public Tensor Rejected() => Shape.Length > 0
        ? zeros([], DType, Device)
        : zeros([2], DType, new Device(DeviceType.META));
}
