using Training.Torch.Native;

namespace Training.Torch;

public partial class Tensor
{
    // ---- dispatch helpers: one native call per operation, keeping operands alive across it ----

    internal Tensor Unary(UnaryOp op)
    {
        var result = NativeMethods.trn_unary((int)op, Handle);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    internal Tensor UnaryInPlace(UnaryOp op)
    {
        NativeError.Check(NativeMethods.trn_unary_((int)op, Handle));
        GC.KeepAlive(this);
        return this;
    }

    internal Tensor Binary(BinaryOp op, Tensor other, NativeScalar alpha)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = NativeMethods.trn_binary((int)op, Handle, other.Handle, alpha);
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return Wrap(result);
    }

    internal Tensor BinaryInPlace(BinaryOp op, Tensor other, NativeScalar alpha)
    {
        ArgumentNullException.ThrowIfNull(other);
        NativeError.Check(NativeMethods.trn_binary_((int)op, Handle, other.Handle, alpha));
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return this;
    }

    internal Tensor Binary(BinaryOp op, Scalar other, NativeScalar alpha)
    {
        var result = NativeMethods.trn_binary_scalar((int)op, Handle, other.Value, alpha);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    internal Tensor BinaryInPlace(BinaryOp op, Scalar other, NativeScalar alpha)
    {
        NativeError.Check(NativeMethods.trn_binary_scalar_((int)op, Handle, other.Value, alpha));
        GC.KeepAlive(this);
        return this;
    }

    internal static Tensor Binary(BinaryOp op, Scalar left, Tensor right)
    {
        var result = NativeMethods.trn_scalar_binary((int)op, left.Value, right.Handle);
        GC.KeepAlive(right);
        return Wrap(result);
    }

    // ---- arithmetic ----

    /// <summary>this + other.</summary>
    public Tensor add(Tensor other) => Binary(BinaryOp.Add, other, NativeScalar.One);
    /// <summary>this + alpha * other.</summary>
    public Tensor add(Tensor other, Scalar alpha) => Binary(BinaryOp.Add, other, alpha.Value);
    /// <summary>this + scalar.</summary>
    public Tensor add(Scalar other) => Binary(BinaryOp.Add, other, NativeScalar.One);
    /// <summary>this + alpha * scalar.</summary>
    public Tensor add(Scalar other, Scalar alpha) => Binary(BinaryOp.Add, other, alpha.Value);
    /// <summary>In place: this += other.</summary>
    public Tensor add_(Tensor other) => BinaryInPlace(BinaryOp.Add, other, NativeScalar.One);
    /// <summary>In place: this += alpha * other.</summary>
    public Tensor add_(Tensor other, Scalar alpha) => BinaryInPlace(BinaryOp.Add, other, alpha.Value);
    /// <summary>In place: this += scalar.</summary>
    public Tensor add_(Scalar other) => BinaryInPlace(BinaryOp.Add, other, NativeScalar.One);
    /// <summary>In place: this += alpha * scalar.</summary>
    public Tensor add_(Scalar other, Scalar alpha) => BinaryInPlace(BinaryOp.Add, other, alpha.Value);

    /// <summary>this - other.</summary>
    public Tensor sub(Tensor other) => Binary(BinaryOp.Sub, other, NativeScalar.One);
    /// <summary>this - alpha * other.</summary>
    public Tensor sub(Tensor other, Scalar alpha) => Binary(BinaryOp.Sub, other, alpha.Value);
    /// <summary>this - scalar.</summary>
    public Tensor sub(Scalar other) => Binary(BinaryOp.Sub, other, NativeScalar.One);
    /// <summary>In place: this -= other.</summary>
    public Tensor sub_(Tensor other) => BinaryInPlace(BinaryOp.Sub, other, NativeScalar.One);
    /// <summary>In place: this -= alpha * other.</summary>
    public Tensor sub_(Tensor other, Scalar alpha) => BinaryInPlace(BinaryOp.Sub, other, alpha.Value);
    /// <summary>In place: this -= scalar.</summary>
    public Tensor sub_(Scalar other) => BinaryInPlace(BinaryOp.Sub, other, NativeScalar.One);

    /// <summary>this * other.</summary>
    public Tensor mul(Tensor other) => Binary(BinaryOp.Mul, other, NativeScalar.One);
    /// <summary>this * scalar.</summary>
    public Tensor mul(Scalar other) => Binary(BinaryOp.Mul, other, NativeScalar.One);
    /// <summary>In place: this *= other.</summary>
    public Tensor mul_(Tensor other) => BinaryInPlace(BinaryOp.Mul, other, NativeScalar.One);
    /// <summary>In place: this *= scalar.</summary>
    public Tensor mul_(Scalar other) => BinaryInPlace(BinaryOp.Mul, other, NativeScalar.One);

    /// <summary>this / other (true division).</summary>
    public Tensor div(Tensor other) => Binary(BinaryOp.Div, other, NativeScalar.One);
    /// <summary>this / scalar (true division).</summary>
    public Tensor div(Scalar other) => Binary(BinaryOp.Div, other, NativeScalar.One);
    /// <summary>In place: this /= other.</summary>
    public Tensor div_(Tensor other) => BinaryInPlace(BinaryOp.Div, other, NativeScalar.One);
    /// <summary>In place: this /= scalar.</summary>
    public Tensor div_(Scalar other) => BinaryInPlace(BinaryOp.Div, other, NativeScalar.One);

    /// <summary>floor(this / other).</summary>
    public Tensor floor_divide(Tensor other) => Binary(BinaryOp.FloorDivide, other, NativeScalar.One);
    /// <summary>floor(this / scalar).</summary>
    public Tensor floor_divide(Scalar other) => Binary(BinaryOp.FloorDivide, other, NativeScalar.One);

    /// <summary>this ** exponent.</summary>
    public Tensor pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent, NativeScalar.One);
    /// <summary>this ** exponent.</summary>
    public Tensor pow(Scalar exponent) => Binary(BinaryOp.Pow, exponent, NativeScalar.One);
    /// <summary>In place: this **= exponent.</summary>
    public Tensor pow_(Tensor exponent) => BinaryInPlace(BinaryOp.Pow, exponent, NativeScalar.One);
    /// <summary>In place: this **= exponent.</summary>
    public Tensor pow_(Scalar exponent) => BinaryInPlace(BinaryOp.Pow, exponent, NativeScalar.One);

    /// <summary>Elementwise maximum.</summary>
    public Tensor maximum(Tensor other) => Binary(BinaryOp.Maximum, other, NativeScalar.One);
    /// <summary>Elementwise minimum.</summary>
    public Tensor minimum(Tensor other) => Binary(BinaryOp.Minimum, other, NativeScalar.One);
    /// <summary>In place elementwise maximum.</summary>
    public Tensor maximum_(Tensor other) => BinaryInPlace(BinaryOp.Maximum, other, NativeScalar.One);
    /// <summary>In place elementwise minimum.</summary>
    public Tensor minimum_(Tensor other) => BinaryInPlace(BinaryOp.Minimum, other, NativeScalar.One);
    /// <summary>C-style remainder (sign of the dividend).</summary>
    public Tensor fmod(Scalar other) => Binary(BinaryOp.Fmod, other, NativeScalar.One);
    /// <summary>Python-style remainder (sign of the divisor).</summary>
    public Tensor remainder(Scalar other) => Binary(BinaryOp.Remainder, other, NativeScalar.One);
    /// <summary>Python-style remainder (sign of the divisor).</summary>
    public Tensor remainder(Tensor other) => Binary(BinaryOp.Remainder, other, NativeScalar.One);
    /// <summary>atan2(this, other).</summary>
    public Tensor atan2(Tensor other) => Binary(BinaryOp.Atan2, other, NativeScalar.One);

    // ---- comparisons and logic (results are bool tensors) ----

    /// <summary>this == other, elementwise.</summary>
    public Tensor eq(Tensor other) => Binary(BinaryOp.Eq, other, NativeScalar.One);
    /// <summary>this == scalar, elementwise.</summary>
    public Tensor eq(Scalar other) => Binary(BinaryOp.Eq, other, NativeScalar.One);
    /// <summary>this != other, elementwise.</summary>
    public Tensor ne(Tensor other) => Binary(BinaryOp.Ne, other, NativeScalar.One);
    /// <summary>this != scalar, elementwise.</summary>
    public Tensor ne(Scalar other) => Binary(BinaryOp.Ne, other, NativeScalar.One);
    /// <summary>this &lt; other, elementwise.</summary>
    public Tensor lt(Tensor other) => Binary(BinaryOp.Lt, other, NativeScalar.One);
    /// <summary>this &lt; scalar, elementwise.</summary>
    public Tensor lt(Scalar other) => Binary(BinaryOp.Lt, other, NativeScalar.One);
    /// <summary>this &lt;= other, elementwise.</summary>
    public Tensor le(Tensor other) => Binary(BinaryOp.Le, other, NativeScalar.One);
    /// <summary>this &lt;= scalar, elementwise.</summary>
    public Tensor le(Scalar other) => Binary(BinaryOp.Le, other, NativeScalar.One);
    /// <summary>this &gt; other, elementwise.</summary>
    public Tensor gt(Tensor other) => Binary(BinaryOp.Gt, other, NativeScalar.One);
    /// <summary>this &gt; scalar, elementwise.</summary>
    public Tensor gt(Scalar other) => Binary(BinaryOp.Gt, other, NativeScalar.One);
    /// <summary>this &gt;= other, elementwise.</summary>
    public Tensor ge(Tensor other) => Binary(BinaryOp.Ge, other, NativeScalar.One);
    /// <summary>this &gt;= scalar, elementwise.</summary>
    public Tensor ge(Scalar other) => Binary(BinaryOp.Ge, other, NativeScalar.One);
    /// <summary>Elementwise logical and.</summary>
    public Tensor logical_and(Tensor other) => Binary(BinaryOp.LogicalAnd, other, NativeScalar.One);
    /// <summary>Elementwise logical or.</summary>
    public Tensor logical_or(Tensor other) => Binary(BinaryOp.LogicalOr, other, NativeScalar.One);
    /// <summary>Elementwise logical xor.</summary>
    public Tensor logical_xor(Tensor other) => Binary(BinaryOp.LogicalXor, other, NativeScalar.One);
    /// <summary>Elementwise logical not.</summary>
    public Tensor logical_not() => Unary(UnaryOp.LogicalNot);
    /// <summary>Bitwise and (logical and for bool tensors).</summary>
    public Tensor bitwise_and(Tensor other) => Binary(BinaryOp.BitwiseAnd, other, NativeScalar.One);
    /// <summary>Bitwise or (logical or for bool tensors).</summary>
    public Tensor bitwise_or(Tensor other) => Binary(BinaryOp.BitwiseOr, other, NativeScalar.One);
    /// <summary>Bitwise xor.</summary>
    public Tensor bitwise_xor(Tensor other) => Binary(BinaryOp.BitwiseXor, other, NativeScalar.One);
    /// <summary>Bitwise not (logical not for bool tensors).</summary>
    public Tensor bitwise_not() => Unary(UnaryOp.BitwiseNot);
    /// <summary>True where the element is NaN.</summary>
    public Tensor isnan() => Unary(UnaryOp.IsNan);
    /// <summary>True where the element is ±infinity.</summary>
    public Tensor isinf() => Unary(UnaryOp.IsInf);
    /// <summary>True where the element is finite.</summary>
    public Tensor isfinite() => Unary(UnaryOp.IsFinite);
    /// <summary>True where the sign bit is set.</summary>
    public Tensor signbit() => Unary(UnaryOp.Signbit);

    // ---- unary math ----

    /// <summary>-this.</summary>
    public Tensor neg() => Unary(UnaryOp.Neg);
    /// <summary>In place: -this.</summary>
    public Tensor neg_() => UnaryInPlace(UnaryOp.Neg);
    /// <summary>|this|.</summary>
    public Tensor abs() => Unary(UnaryOp.Abs);
    /// <summary>In place |this|.</summary>
    public Tensor abs_() => UnaryInPlace(UnaryOp.Abs);
    /// <summary>The sign (-1, 0 or 1).</summary>
    public Tensor sign() => Unary(UnaryOp.Sign);
    /// <summary>In place sign.</summary>
    public Tensor sign_() => UnaryInPlace(UnaryOp.Sign);
    /// <summary>Square root.</summary>
    public Tensor sqrt() => Unary(UnaryOp.Sqrt);
    /// <summary>In place square root.</summary>
    public Tensor sqrt_() => UnaryInPlace(UnaryOp.Sqrt);
    /// <summary>1 / sqrt(this).</summary>
    public Tensor rsqrt() => Unary(UnaryOp.Rsqrt);
    /// <summary>In place 1 / sqrt(this).</summary>
    public Tensor rsqrt_() => UnaryInPlace(UnaryOp.Rsqrt);
    /// <summary>e ** this.</summary>
    public Tensor exp() => Unary(UnaryOp.Exp);
    /// <summary>In place e ** this.</summary>
    public Tensor exp_() => UnaryInPlace(UnaryOp.Exp);
    /// <summary>2 ** this.</summary>
    public Tensor exp2() => Unary(UnaryOp.Exp2);
    /// <summary>Natural logarithm.</summary>
    public Tensor log() => Unary(UnaryOp.Log);
    /// <summary>In place natural logarithm.</summary>
    public Tensor log_() => UnaryInPlace(UnaryOp.Log);
    /// <summary>Base-2 logarithm.</summary>
    public Tensor log2() => Unary(UnaryOp.Log2);
    /// <summary>log(1 + this).</summary>
    public Tensor log1p() => Unary(UnaryOp.Log1p);
    /// <summary>exp(this) - 1.</summary>
    public Tensor expm1() => Unary(UnaryOp.Expm1);
    /// <summary>Sine.</summary>
    public Tensor sin() => Unary(UnaryOp.Sin);
    /// <summary>Cosine.</summary>
    public Tensor cos() => Unary(UnaryOp.Cos);
    /// <summary>Hyperbolic tangent.</summary>
    public Tensor tanh() => Unary(UnaryOp.Tanh);
    /// <summary>In place hyperbolic tangent.</summary>
    public Tensor tanh_() => UnaryInPlace(UnaryOp.Tanh);
    /// <summary>Logistic sigmoid.</summary>
    public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);
    /// <summary>In place logistic sigmoid.</summary>
    public Tensor sigmoid_() => UnaryInPlace(UnaryOp.Sigmoid);
    /// <summary>max(this, 0).</summary>
    public Tensor relu() => Unary(UnaryOp.Relu);
    /// <summary>In place max(this, 0).</summary>
    public Tensor relu_() => UnaryInPlace(UnaryOp.Relu);
    /// <summary>this * sigmoid(this).</summary>
    public Tensor silu() => Unary(UnaryOp.Silu);
    /// <summary>Rounds down.</summary>
    public Tensor floor() => Unary(UnaryOp.Floor);
    /// <summary>In place round down.</summary>
    public Tensor floor_() => UnaryInPlace(UnaryOp.Floor);
    /// <summary>Rounds up.</summary>
    public Tensor ceil() => Unary(UnaryOp.Ceil);
    /// <summary>Rounds half to even.</summary>
    public Tensor round() => Unary(UnaryOp.Round);
    /// <summary>In place round half to even.</summary>
    public Tensor round_() => UnaryInPlace(UnaryOp.Round);
    /// <summary>Rounds toward zero.</summary>
    public Tensor trunc() => Unary(UnaryOp.Trunc);
    /// <summary>1 / this.</summary>
    public Tensor reciprocal() => Unary(UnaryOp.Reciprocal);
    /// <summary>In place 1 / this.</summary>
    public Tensor reciprocal_() => UnaryInPlace(UnaryOp.Reciprocal);
    /// <summary>this * this.</summary>
    public Tensor square() => Unary(UnaryOp.Square);
    /// <summary>In place this * this.</summary>
    public Tensor square_() => UnaryInPlace(UnaryOp.Square);
    /// <summary>The error function.</summary>
    public Tensor erf() => Unary(UnaryOp.Erf);

    // ---- fused forms used by optimizers ----

    /// <summary>this + value * t1 * t2.</summary>
    public Tensor addcmul(Tensor tensor1, Tensor tensor2, Scalar? value = null) => AddC(0, tensor1, tensor2, value);
    /// <summary>In place: this += value * t1 * t2.</summary>
    public Tensor addcmul_(Tensor tensor1, Tensor tensor2, Scalar? value = null) => AddCInPlace(0, tensor1, tensor2, value);
    /// <summary>this + value * t1 / t2.</summary>
    public Tensor addcdiv(Tensor tensor1, Tensor tensor2, Scalar? value = null) => AddC(1, tensor1, tensor2, value);
    /// <summary>In place: this += value * t1 / t2.</summary>
    public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, Scalar? value = null) => AddCInPlace(1, tensor1, tensor2, value);

    private Tensor AddC(int kind, Tensor t1, Tensor t2, Scalar? value)
    {
        var result = NativeMethods.trn_addc(kind, Handle, t1.Handle, t2.Handle, (value ?? 1).Value);
        GC.KeepAlive(this);
        GC.KeepAlive(t1);
        GC.KeepAlive(t2);
        return Wrap(result);
    }

    private Tensor AddCInPlace(int kind, Tensor t1, Tensor t2, Scalar? value)
    {
        NativeError.Check(NativeMethods.trn_addc_(kind, Handle, t1.Handle, t2.Handle, (value ?? 1).Value));
        GC.KeepAlive(this);
        GC.KeepAlive(t1);
        GC.KeepAlive(t2);
        return this;
    }

    /// <summary>this + weight * (end - this).</summary>
    public Tensor lerp(Tensor end, Scalar weight) => Lerp(end, null, weight);
    /// <summary>this + weight * (end - this), elementwise weight.</summary>
    public Tensor lerp(Tensor end, Tensor weight) => Lerp(end, weight, 0);
    /// <summary>In place: this += weight * (end - this).</summary>
    public Tensor lerp_(Tensor end, Scalar weight) => LerpInPlace(end, null, weight);
    /// <summary>In place: this += weight * (end - this), elementwise weight.</summary>
    public Tensor lerp_(Tensor end, Tensor weight) => LerpInPlace(end, weight, 0);

    private Tensor Lerp(Tensor end, Tensor? weightTensor, Scalar weight)
    {
        var result = NativeMethods.trn_lerp(Handle, end.Handle, weightTensor?.Handle ?? 0, weight.Value);
        GC.KeepAlive(this);
        GC.KeepAlive(end);
        GC.KeepAlive(weightTensor);
        return Wrap(result);
    }

    private Tensor LerpInPlace(Tensor end, Tensor? weightTensor, Scalar weight)
    {
        NativeError.Check(NativeMethods.trn_lerp_(Handle, end.Handle, weightTensor?.Handle ?? 0, weight.Value));
        GC.KeepAlive(this);
        GC.KeepAlive(end);
        GC.KeepAlive(weightTensor);
        return this;
    }

    /// <summary>Clamps every element into [min, max] (either bound may be omitted).</summary>
    public Tensor clamp(Scalar? min = null, Scalar? max = null)
    {
        var result = NativeMethods.trn_clamp(Handle, (min ?? 0).Value, min.HasValue ? (byte)1 : (byte)0,
            (max ?? 0).Value, max.HasValue ? (byte)1 : (byte)0);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>In place clamp into [min, max].</summary>
    public Tensor clamp_(Scalar? min = null, Scalar? max = null)
    {
        NativeError.Check(NativeMethods.trn_clamp_(Handle, (min ?? 0).Value, min.HasValue ? (byte)1 : (byte)0,
            (max ?? 0).Value, max.HasValue ? (byte)1 : (byte)0));
        GC.KeepAlive(this);
        return this;
    }

    /// <summary>Clamps elementwise between tensors (either may be null).</summary>
    public Tensor clamp(Tensor? min, Tensor? max)
    {
        var result = NativeMethods.trn_clamp_tensor(Handle, min?.Handle ?? 0, max?.Handle ?? 0);
        GC.KeepAlive(this);
        GC.KeepAlive(min);
        GC.KeepAlive(max);
        return Wrap(result);
    }

    /// <summary>Clamps from below.</summary>
    public Tensor clamp_min(Scalar min) => clamp(min, null);
    /// <summary>Clamps from above.</summary>
    public Tensor clamp_max(Scalar max) => clamp(null, max);
    /// <summary>Alias of <see cref="clamp(Scalar?, Scalar?)"/>.</summary>
    public Tensor clip(Scalar? min = null, Scalar? max = null) => clamp(min, max);

    /// <summary>Replaces elements where <paramref name="mask"/> is true by <paramref name="value"/>.</summary>
    public Tensor masked_fill(Tensor mask, Scalar value)
    {
        var result = NativeMethods.trn_masked_fill(Handle, mask.Handle, value.Value);
        GC.KeepAlive(this);
        GC.KeepAlive(mask);
        return Wrap(result);
    }

    /// <summary>In place: writes <paramref name="value"/> where <paramref name="mask"/> is true.</summary>
    public Tensor masked_fill_(Tensor mask, Scalar value)
    {
        NativeError.Check(NativeMethods.trn_masked_fill_(Handle, mask.Handle, value.Value));
        GC.KeepAlive(this);
        GC.KeepAlive(mask);
        return this;
    }

    /// <summary>Where <paramref name="condition"/> holds take this tensor's element, else <paramref name="other"/>'s.</summary>
    public Tensor where(Tensor condition, Tensor other) => torch.where(condition, this, other);

    /// <summary>In place: every element becomes <paramref name="value"/>.</summary>
    public Tensor fill_(Scalar value)
    {
        NativeError.Check(NativeMethods.trn_fill_(Handle, value.Value));
        GC.KeepAlive(this);
        return this;
    }

    /// <summary>In place: every element becomes zero.</summary>
    public Tensor zero_()
    {
        NativeError.Check(NativeMethods.trn_zero_(Handle));
        GC.KeepAlive(this);
        return this;
    }

    /// <summary>In place: copies <paramref name="source"/> (broadcast and converted) into this tensor.</summary>
    public Tensor copy_(Tensor source)
    {
        NativeError.Check(NativeMethods.trn_copy_(Handle, source.Handle));
        GC.KeepAlive(this);
        GC.KeepAlive(source);
        return this;
    }

    /// <summary>True when shapes match and all elements are within <c>atol + rtol * |other|</c>.</summary>
    public bool allclose(Tensor other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false)
    {
        var r = NativeError.Check(NativeMethods.trn_allclose(Handle, other.Handle, rtol, atol, equal_nan ? (byte)1 : (byte)0));
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return r != 0;
    }

    /// <summary>True when shapes and every element are equal.</summary>
    public bool equal(Tensor other)
    {
        var r = NativeError.Check(NativeMethods.trn_equal(Handle, other.Handle));
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return r != 0;
    }
}
