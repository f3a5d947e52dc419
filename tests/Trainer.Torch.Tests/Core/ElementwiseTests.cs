namespace Training.Torch.Tests.Core;

/// <summary>Every elementwise operation against values computed independently with System.Math.</summary>
public class ElementwiseTests
{
    private static readonly double[] Inputs = [-2.5, -1.0, -0.3, 0.0, 0.4, 1.0, 2.5, 7.0];
    private static readonly double[] Positives = [0.25, 0.5, 1.0, 2.0, 9.0];
    private static readonly double[] Small = [-2.0, -0.7, 0.0, 0.3, 1.5];

    public enum Domain { All, Positive, Small }

    public static IEnumerable<TestCaseData> UnaryCases()
    {
        TestCaseData Case(string name, Func<Tensor, Tensor> op, Func<double, double> expected, Domain domain = Domain.All) =>
            new TestCaseData(op, expected, domain).SetName($"Unary_{name}");

        yield return Case("neg", t => t.neg(), x => -x);
        yield return Case("abs", t => t.abs(), Math.Abs);
        yield return Case("sign", t => t.sign(), x => Math.Sign(x));
        yield return Case("sqrt", t => t.sqrt(), Math.Sqrt, Domain.Positive);
        yield return Case("rsqrt", t => t.rsqrt(), x => 1 / Math.Sqrt(x), Domain.Positive);
        yield return Case("exp", t => t.exp(), Math.Exp);
        yield return Case("exp2", t => t.exp2(), x => Math.Pow(2, x));
        yield return Case("log", t => t.log(), Math.Log, Domain.Positive);
        yield return Case("log2", t => t.log2(), Math.Log2, Domain.Positive);
        yield return Case("log1p", t => t.log1p(), x => Math.Log(1 + x), Domain.Positive);
        yield return Case("expm1", t => t.expm1(), x => Math.Exp(x) - 1);
        yield return Case("sin", t => t.sin(), Math.Sin);
        yield return Case("cos", t => t.cos(), Math.Cos);
        yield return Case("tanh", t => t.tanh(), Math.Tanh);
        yield return Case("sigmoid", t => t.sigmoid(), x => 1 / (1 + Math.Exp(-x)));
        yield return Case("relu", t => t.relu(), x => Math.Max(x, 0));
        yield return Case("silu", t => t.silu(), x => x / (1 + Math.Exp(-x)));
        yield return Case("floor", t => t.floor(), Math.Floor);
        yield return Case("ceil", t => t.ceil(), Math.Ceiling);
        yield return Case("round", t => t.round(), x => Math.Round(x, MidpointRounding.ToEven));
        yield return Case("trunc", t => t.trunc(), Math.Truncate);
        yield return Case("reciprocal", t => t.reciprocal(), x => 1 / x, Domain.Positive);
        yield return Case("square", t => t.square(), x => x * x);
        yield return Case("erf", t => t.erf(), Erf, Domain.Small);
        yield return Case("clone", t => t.clone(), x => x);
        yield return Case("contiguous", t => t.contiguous(), x => x);
        yield return Case("detach", t => t.detach(), x => x);
    }

    [TestCaseSource(nameof(UnaryCases))]
    public void UnaryMatchesMath(Func<Tensor, Tensor> op, Func<double, double> expected, Domain domain)
    {
        using var scope = NewDisposeScope();
        var values = domain switch { Domain.Positive => Positives, Domain.Small => Small, _ => Inputs };
        var result = op(tensor(values)).ToArray<double>();
        Assert.That(result, Is.EqualTo(values.Select(expected).ToArray()).Within(1e-12));
    }

    public static IEnumerable<TestCaseData> InPlaceCases()
    {
        TestCaseData Case(string name, Func<Tensor, Tensor> inPlace, Func<Tensor, Tensor> outOfPlace) =>
            new TestCaseData(inPlace, outOfPlace).SetName($"InPlace_{name}");

        yield return Case("neg_", t => t.neg_(), t => t.neg());
        yield return Case("abs_", t => t.abs_(), t => t.abs());
        yield return Case("sqrt_", t => t.abs_().sqrt_(), t => t.abs().sqrt());
        yield return Case("exp_", t => t.exp_(), t => t.exp());
        yield return Case("tanh_", t => t.tanh_(), t => t.tanh());
        yield return Case("sigmoid_", t => t.sigmoid_(), t => t.sigmoid());
        yield return Case("relu_", t => t.relu_(), t => t.relu());
        yield return Case("square_", t => t.square_(), t => t.square());
        yield return Case("floor_", t => t.floor_(), t => t.floor());
        yield return Case("add_", t => t.add_(tensor(Inputs), 0.5), t => t.add(tensor(Inputs).mul(0.5)));
        yield return Case("sub_", t => t.sub_(3.0), t => t.sub(3.0));
        yield return Case("mul_", t => t.mul_(tensor(Inputs)), t => t.mul(tensor(Inputs)));
        yield return Case("div_", t => t.div_(4.0), t => t.div(4.0));
        yield return Case("pow_", t => t.pow_(2), t => t.pow(2));
        yield return Case("maximum_", t => t.maximum_(zeros_like(t)), t => t.relu());
        yield return Case("minimum_", t => t.minimum_(zeros_like(t)), t => t.neg().relu().neg());
        yield return Case("clamp_", t => t.clamp_(-1, 1), t => t.clamp(-1, 1));
        yield return Case("lerp_", t => t.lerp_(ones_like(t), 0.25), t => t.mul(0.75).add(0.25));
        yield return Case("addcmul_", t => t.addcmul_(t, t, 2), t => t.add(t.mul(t).mul(2)));
        yield return Case("addcdiv_", t => t.addcdiv_(t, full_like(t, 4.0), 2), t => t.add(t.div(2)));
        yield return Case("masked_fill_", t => t.masked_fill_(t.lt(0), 9), t => where(t.lt(0), full_like(t, 9.0), t));
        yield return Case("fill_", t => t.fill_(3), t => full_like(t, 3.0));
        yield return Case("zero_", t => t.zero_(), t => zeros_like(t));
        yield return Case("copy_", t => t.copy_(ones_like(t)), t => ones_like(t));
    }

    [TestCaseSource(nameof(InPlaceCases))]
    public void InPlaceFormEqualsOutOfPlaceAndReturnsSelf(Func<Tensor, Tensor> inPlace, Func<Tensor, Tensor> outOfPlace)
    {
        using var scope = NewDisposeScope();
        var expected = outOfPlace(tensor(Inputs)).ToArray<double>();
        var target = tensor(Inputs);
        var returned = inPlace(target);
        Assert.That(returned, Is.SameAs(target));
        Assert.That(target.ToArray<double>(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void BinaryOperatorsBroadcastAndMatchArithmetic()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = tensor(new float[] { 10, 20, 30 });
        Assert.Multiple(() =>
        {
            Assert.That((a + b).ToArray<float>(), Is.EqualTo(new float[] { 11, 22, 33, 14, 25, 36 }));
            Assert.That((a - b).ToArray<float>(), Is.EqualTo(new float[] { -9, -18, -27, -6, -15, -24 }));
            Assert.That((a * b).ToArray<float>(), Is.EqualTo(new float[] { 10, 40, 90, 40, 100, 180 }));
            Assert.That((b / a).ToArray<float>(), Is.EqualTo(new float[] { 10, 10, 10, 2.5f, 4, 5 }));
            Assert.That((1 - a).ToArray<float>(), Is.EqualTo(new float[] { 0, -1, -2, -3, -4, -5 }));
            Assert.That((12 / a).ToArray<float>(), Is.EqualTo(new float[] { 12, 6, 4, 3, 2.4f, 2 }).Within(1e-6));
            Assert.That((a % 4).ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 3, 0, 1, 2 }));
            Assert.That((-a).ToArray<float>(), Is.EqualTo(new float[] { -1, -2, -3, -4, -5, -6 }));
            Assert.That(a.add(b, 2).ToArray<float>(), Is.EqualTo(new float[] { 21, 42, 63, 24, 45, 66 }));
            Assert.That(a.pow(2).ToArray<float>(), Is.EqualTo(new float[] { 1, 4, 9, 16, 25, 36 }));
            Assert.That(a.floor_divide(4).ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 0, 1, 1, 1 }));
            Assert.That(a.atan2(ones_like(a)).ToArray<float>(), Is.EqualTo(new[] { 1.0, 2, 3, 4, 5, 6 }.Select(x => (float)Math.Atan(x)).ToArray()).Within(1e-6));
        });
    }

    [Test]
    public void ComparisonsAndLogicReturnBoolTensors()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1.0, 2, 3 });
        var b = tensor(new[] { 3.0, 2, 1 });
        Assert.Multiple(() =>
        {
            Assert.That((a == b).ToArray<bool>(), Is.EqualTo(new[] { false, true, false }));
            Assert.That((a != b).ToArray<bool>(), Is.EqualTo(new[] { true, false, true }));
            Assert.That((a < b).ToArray<bool>(), Is.EqualTo(new[] { true, false, false }));
            Assert.That((a <= b).ToArray<bool>(), Is.EqualTo(new[] { true, true, false }));
            Assert.That((a > 1).ToArray<bool>(), Is.EqualTo(new[] { false, true, true }));
            Assert.That((a >= 2).ToArray<bool>(), Is.EqualTo(new[] { false, true, true }));
            Assert.That((a == 2).dtype, Is.EqualTo(ScalarType.Bool));
            Assert.That(((a > 1) & (b > 1)).ToArray<bool>(), Is.EqualTo(new[] { false, true, false }));
            Assert.That(((a > 2) | (b > 2)).ToArray<bool>(), Is.EqualTo(new[] { true, false, true }));
            Assert.That((~(a > 1)).ToArray<bool>(), Is.EqualTo(new[] { true, false, false }));
            Assert.That(a.gt(1).logical_xor(b.gt(1)).ToArray<bool>(), Is.EqualTo(new[] { true, false, true }));
            Assert.That(tensor(new[] { 1.0, double.NaN, double.PositiveInfinity }).isfinite().ToArray<bool>(), Is.EqualTo(new[] { true, false, false }));
            Assert.That(tensor(new[] { 1.0, double.NaN }).isnan().ToArray<bool>(), Is.EqualTo(new[] { false, true }));
            Assert.That(tensor(new[] { 1.0, double.NegativeInfinity }).isinf().ToArray<bool>(), Is.EqualTo(new[] { false, true }));
        });
    }

    [Test]
    public void IntegralScalarsKeepIntegerTensorsIntegral()
    {
        using var scope = NewDisposeScope();
        var counts = arange(5);
        Assert.Multiple(() =>
        {
            Assert.That(counts.dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That((counts + 1).dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That((counts * 2).ToArray<long>(), Is.EqualTo(new long[] { 0, 2, 4, 6, 8 }));
            Assert.That((counts + 0.5).dtype, Is.EqualTo(ScalarType.Float32), "a float scalar promotes, as in PyTorch");
            Assert.That(counts.add_(3).ToArray<long>(), Is.EqualTo(new long[] { 3, 4, 5, 6, 7 }));
        });
    }

    [Test]
    public void WhereClampAndMaskedFill()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { -2.0, -0.5, 0.5, 2.0 });
        Assert.Multiple(() =>
        {
            Assert.That(where(x.gt(0), x, zeros_like(x)).ToArray<double>(), Is.EqualTo(new[] { 0, 0, 0.5, 2 }));
            Assert.That(where(x.gt(0), x, -1).ToArray<double>(), Is.EqualTo(new[] { -1, -1, 0.5, 2 }));
            Assert.That(x.clamp(-1, 1).ToArray<double>(), Is.EqualTo(new[] { -1, -0.5, 0.5, 1 }));
            Assert.That(x.clamp_min(0).ToArray<double>(), Is.EqualTo(new[] { 0, 0, 0.5, 2 }));
            Assert.That(x.clamp_max(0).ToArray<double>(), Is.EqualTo(new[] { -2, -0.5, 0, 0 }));
            Assert.That(x.clamp(full_like(x, -1.0), full_like(x, 0.0)).ToArray<double>(), Is.EqualTo(new[] { -1, -0.5, 0, 0 }));
            Assert.That(x.masked_fill(x.abs().lt(1), 7).ToArray<double>(), Is.EqualTo(new[] { -2, 7, 7, 2 }));
            Assert.That(x.lerp(zeros_like(x), full_like(x, 0.5)).ToArray<double>(), Is.EqualTo(new[] { -1, -0.25, 0.25, 1 }));
        });
    }

    // The Maclaurin series of erf, accurate to ~1e-14 on the small domain used above.
    private static double Erf(double x)
    {
        double sum = 0, term = x;
        for (var n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
