using System.Runtime.CompilerServices;

namespace Training.TorchExtensions;

/// <summary>Element steps several kernels share, written once over the lanes.</summary>
internal static class LaneMath
{
    /// <summary>
    /// torch.optim's gradient preamble: −g when maximizing, then + wd·p (coupled L2, one rounding as libtorch's
    /// <c>add(p, alpha)</c>) when <paramref name="decay"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector DescentDirection<TVector, TLanes>(TVector gradient, TVector parameter, bool maximize, bool decay, TVector weightDecay)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        if (maximize) gradient = TLanes.Negate(gradient);
        return decay ? TLanes.FusedMultiplyAdd(parameter, weightDecay, gradient) : gradient;
    }

    /// <summary>The largest lane of <paramref name="value"/> (NaN propagates, as torch.amax).</summary>
    public static unsafe float MaxAcross<TVector, TLanes>(TVector value)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var lanes = stackalloc float[TLanes.Count];
        TLanes.Store(value, lanes);
        var max = lanes[0];
        for (var i = 1; i < TLanes.Count; i++) max = MathF.Max(max, lanes[i]);
        return max;
    }

    /// <summary>The sum of <paramref name="value"/>'s lanes, in double.</summary>
    public static unsafe double SumAcross<TVector, TLanes>(TVector value)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var lanes = stackalloc float[TLanes.Count];
        TLanes.Store(value, lanes);
        double sum = 0;
        for (var i = 0; i < TLanes.Count; i++) sum += lanes[i];
        return sum;
    }
}
