namespace Training.Torch.Tests.Core;

[NonParallelizable]
public class RandomTests
{
    [Test]
    public void SameSeedSameNumbersDifferentSeedDifferentNumbers()
    {
        using var scope = NewDisposeScope();
        var a = randn(new long[] { 100 }, generator: new Generator(7)).ToArray<float>();
        var b = randn(new long[] { 100 }, generator: new Generator(7)).ToArray<float>();
        var c = randn(new long[] { 100 }, generator: new Generator(8)).ToArray<float>();
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [Test]
    public void GeneratorStateRoundTripReproducesTheSequence()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(123);
        rand(new long[] { 10 }, generator: g);
        var state = g.get_state();
        var first = rand(new long[] { 50 }, generator: g).ToArray<float>();
        g.set_state(state);
        var again = rand(new long[] { 50 }, generator: g).ToArray<float>();
        Assert.That(again, Is.EqualTo(first));
        Assert.That(g.initial_seed(), Is.EqualTo(123UL));
        Assert.That(state.dtype, Is.EqualTo(ScalarType.Byte));
    }

    [Test]
    public void ManualSeedDrivesTheDefaultGenerator()
    {
        using var scope = NewDisposeScope();
        manual_seed(42);
        var first = randn(new long[] { 5 }).ToArray<float>();
        var state = get_rng_state();
        var next = randn(new long[] { 5 }).ToArray<float>();
        manual_seed(42);
        Assert.That(randn(new long[] { 5 }).ToArray<float>(), Is.EqualTo(first));
        set_rng_state(state);
        Assert.That(randn(new long[] { 5 }).ToArray<float>(), Is.EqualTo(next));
    }

    [Test]
    public void DistributionsHaveTheExpectedMoments()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(1);
        var uniform = rand(new long[] { 200_000 }, ScalarType.Float64, generator: g);
        var normal = randn(new long[] { 200_000 }, ScalarType.Float64, generator: g);
        var ints = randint(3, 7, new long[] { 10_000 }, generator: g);
        var perm = randperm(10, g).ToArray<long>();
        Assert.Multiple(() =>
        {
            Assert.That(uniform.mean().item<double>(), Is.EqualTo(0.5).Within(0.01));
            Assert.That(uniform.min().item<double>(), Is.GreaterThanOrEqualTo(0));
            Assert.That(uniform.max().item<double>(), Is.LessThan(1));
            Assert.That(normal.mean().item<double>(), Is.EqualTo(0).Within(0.01));
            Assert.That(normal.std().item<double>(), Is.EqualTo(1).Within(0.01));
            Assert.That(ints.min().item<long>(), Is.EqualTo(3));
            Assert.That(ints.max().item<long>(), Is.EqualTo(6));
            Assert.That(perm.OrderBy(v => v), Is.EqualTo(Enumerable.Range(0, 10).Select(v => (long)v)));
            Assert.That(zeros(1000).uniform_(-2, -1, g).max().item<float>(), Is.LessThan(-1));
            Assert.That(zeros(10000).bernoulli_(0.25, g).mean().item<float>(), Is.EqualTo(0.25).Within(0.03));
        });
    }
}
