using Training.Torch.Native;

namespace Training.Torch;

#pragma warning disable CS0660, CS0661 // Equals/GetHashCode are overridden in Tensor.cs with reference semantics.
public partial class Tensor
{
    /// <summary>Elementwise sum.</summary>
    public static Tensor operator +(Tensor left, Tensor right) => left.add(right);
    /// <summary>Elementwise sum.</summary>
    public static Tensor operator +(Tensor left, Scalar right) => left.add(right);
    /// <summary>Elementwise sum.</summary>
    public static Tensor operator +(Scalar left, Tensor right) => right.add(left);
    /// <summary>Elementwise difference.</summary>
    public static Tensor operator -(Tensor left, Tensor right) => left.sub(right);
    /// <summary>Elementwise difference.</summary>
    public static Tensor operator -(Tensor left, Scalar right) => left.sub(right);
    /// <summary>Elementwise difference.</summary>
    public static Tensor operator -(Scalar left, Tensor right) => Binary(BinaryOp.Sub, left, right);
    /// <summary>Elementwise product.</summary>
    public static Tensor operator *(Tensor left, Tensor right) => left.mul(right);
    /// <summary>Elementwise product.</summary>
    public static Tensor operator *(Tensor left, Scalar right) => left.mul(right);
    /// <summary>Elementwise product.</summary>
    public static Tensor operator *(Scalar left, Tensor right) => right.mul(left);
    /// <summary>Elementwise true division.</summary>
    public static Tensor operator /(Tensor left, Tensor right) => left.div(right);
    /// <summary>Elementwise true division.</summary>
    public static Tensor operator /(Tensor left, Scalar right) => left.div(right);
    /// <summary>Elementwise true division.</summary>
    public static Tensor operator /(Scalar left, Tensor right) => Binary(BinaryOp.Div, left, right);
    /// <summary>Elementwise Python-style remainder.</summary>
    public static Tensor operator %(Tensor left, Tensor right) => left.remainder(right);
    /// <summary>Elementwise Python-style remainder.</summary>
    public static Tensor operator %(Tensor left, Scalar right) => left.remainder(right);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor value) => value.neg();
    /// <summary>Elementwise bitwise/logical and.</summary>
    public static Tensor operator &(Tensor left, Tensor right) => left.bitwise_and(right);
    /// <summary>Elementwise bitwise/logical or.</summary>
    public static Tensor operator |(Tensor left, Tensor right) => left.bitwise_or(right);
    /// <summary>Elementwise bitwise/logical xor.</summary>
    public static Tensor operator ^(Tensor left, Tensor right) => left.bitwise_xor(right);
    /// <summary>Elementwise bitwise/logical not.</summary>
    public static Tensor operator ~(Tensor value) => value.bitwise_not();

    /// <summary>Elementwise equality (a bool tensor). Use <c>is null</c> to test for null.</summary>
    public static Tensor operator ==(Tensor left, Tensor right) => left.eq(right);
    /// <summary>Elementwise inequality (a bool tensor).</summary>
    public static Tensor operator !=(Tensor left, Tensor right) => left.ne(right);
    /// <summary>Elementwise equality with a scalar.</summary>
    public static Tensor operator ==(Tensor left, Scalar right) => left.eq(right);
    /// <summary>Elementwise inequality with a scalar.</summary>
    public static Tensor operator !=(Tensor left, Scalar right) => left.ne(right);
    /// <summary>Elementwise less-than.</summary>
    public static Tensor operator <(Tensor left, Tensor right) => left.lt(right);
    /// <summary>Elementwise greater-than.</summary>
    public static Tensor operator >(Tensor left, Tensor right) => left.gt(right);
    /// <summary>Elementwise less-or-equal.</summary>
    public static Tensor operator <=(Tensor left, Tensor right) => left.le(right);
    /// <summary>Elementwise greater-or-equal.</summary>
    public static Tensor operator >=(Tensor left, Tensor right) => left.ge(right);
    /// <summary>Elementwise less-than a scalar.</summary>
    public static Tensor operator <(Tensor left, Scalar right) => left.lt(right);
    /// <summary>Elementwise greater-than a scalar.</summary>
    public static Tensor operator >(Tensor left, Scalar right) => left.gt(right);
    /// <summary>Elementwise less-or-equal a scalar.</summary>
    public static Tensor operator <=(Tensor left, Scalar right) => left.le(right);
    /// <summary>Elementwise greater-or-equal a scalar.</summary>
    public static Tensor operator >=(Tensor left, Scalar right) => left.ge(right);
}
#pragma warning restore CS0660, CS0661
