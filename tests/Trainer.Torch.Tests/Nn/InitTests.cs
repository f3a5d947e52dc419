namespace Training.Torch.Tests.Nn;

public class InitTests
{
    [Test]
    public void ConstantInitialisers_WorkOnParametersWithoutRecording()
    {
        using var scope = NewDisposeScope();
        using var p = nn.Parameter(empty(3));
        nn.init.ones_(p);
        Assert.That(p.ToArray<float>(), Is.All.EqualTo(1f));
        nn.init.constant_(p, 2.5);
        Assert.That(p.ToArray<float>(), Is.All.EqualTo(2.5f));
        nn.init.zeros_(p);
        Assert.That(p.ToArray<float>(), Is.All.EqualTo(0f));
        Assert.That(p.is_leaf, Is.True);
    }

    [Test]
    public void RandomInitialisers_AreReproducibleWithAGenerator_AndRespectTheirBounds()
    {
        using var scope = NewDisposeScope();
        var a = empty(new long[] { 40, 50 });
        var b = empty(new long[] { 40, 50 });
        nn.init.xavier_uniform_(a, generator: new Generator(3));
        nn.init.xavier_uniform_(b, generator: new Generator(3));
        Assert.That(a.ToArray<float>(), Is.EqualTo(b.ToArray<float>()));
        var xavierBound = Math.Sqrt(6.0 / (40 + 50));
        Assert.That(a.ToArray<float>().Max(v => Math.Abs(v)), Is.LessThanOrEqualTo(xavierBound).And.GreaterThan(0.95 * xavierBound));

        nn.init.kaiming_uniform_(a, nonlinearity: nn.init.NonlinearityType.ReLU, generator: new Generator(4));
        var heBound = Math.Sqrt(2.0) * Math.Sqrt(3.0 / 50);
        Assert.That(a.ToArray<float>().Max(v => Math.Abs(v)), Is.LessThanOrEqualTo(heBound).And.GreaterThan(0.95 * heBound));

        nn.init.normal_(a, mean: 3, std: 0.5, generator: new Generator(5));
        Assert.That(a.mean().item<float>(), Is.EqualTo(3).Within(0.05));
    }

    [Test]
    public void TruncNormal_StaysWithinItsBounds_EvenFarInTheTail()
    {
        using var scope = NewDisposeScope();
        var t = empty(10000, dtype: ScalarType.Float64);
        nn.init.trunc_normal_(t, mean: 0, std: 1, a: -2, b: 2, generator: new Generator(6));
        var values = t.ToArray<double>();
        Assert.That(values.All(v => v >= -2 && v <= 2), Is.True);
        // The variance of N(0,1) truncated to [-2, 2] is 1 - 4φ(2)/(Φ(2)-Φ(-2)) ≈ 0.7737.
        Assert.That(values.Average(v => v * v), Is.EqualTo(0.7737).Within(0.03));

        nn.init.trunc_normal_(t, mean: 0, std: 1, a: 4, b: 5);
        Assert.That(t.ToArray<double>().All(v => v >= 4 && v <= 5), Is.True, "the inverse-CDF method handles tail bounds");
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.init.trunc_normal_(t, std: 0));
    }

    [Test]
    public void FanAndGain_FollowPyTorch()
    {
        using var scope = NewDisposeScope();
        Assert.That(nn.init.CalculateFanInAndFanOut(empty(new long[] { 8, 3, 5 })), Is.EqualTo((15L, 40L)));
        Assert.Throws<ArgumentException>(() => nn.init.CalculateFanInAndFanOut(empty(4)));
        Assert.That(nn.init.calculate_gain(nn.init.NonlinearityType.Tanh), Is.EqualTo(5.0 / 3.0));
        Assert.That(nn.init.calculate_gain(nn.init.NonlinearityType.LeakyReLU, Math.Sqrt(5)), Is.EqualTo(Math.Sqrt(1.0 / 3.0)).Within(1e-15));
    }
}
