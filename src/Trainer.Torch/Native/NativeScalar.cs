using System.Runtime.InteropServices;

namespace Training.Torch.Native;

/// <summary>A scalar passed by value to the shim (layout of <c>trn::ScalarArg</c>); no native object is created.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct NativeScalar
{
    public readonly double Real;
    public readonly long Integer;
    public readonly int Kind; // 0 floating, 1 integral, 2 boolean

    public NativeScalar(double real, long integer, int kind)
    {
        Real = real;
        Integer = integer;
        Kind = kind;
    }

    public static readonly NativeScalar One = new(1.0, 1, 1);
}
