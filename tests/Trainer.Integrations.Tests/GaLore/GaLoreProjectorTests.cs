using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations.Tests.GaLore;

/// <summary>
/// The projector on shapes the golden file does not have, against matrices built with a known SVD
/// G = Q₁·diag(s)·Q₂ᵀ (orthonormal Q from QR, distinct singular values), so the expected bases are known up to sign.
/// </summary>
public class GaLoreProjectorTests
{
    private static readonly double[] Singular = [5, 4, 3, 2, 1];

    // An m×n matrix (min(m, n) = 5) with singular values 5..1, and its left (m×5) / right (n×5) singular vectors.
    private static (Tensor G, Tensor Left, Tensor Right) KnownSvd(long m, long n, long seed)
    {
        _ = manual_seed(seed);
        var (left, _) = linalg.qr(randn([m, 5], ScalarType.Float64));
        var (right, _) = linalg.qr(randn([n, 5], ScalarType.Float64));
        var g = left.mul(tensor(Singular, [1, 5], ScalarType.Float64)).matmul(right.t());
        return (g.to(ScalarType.Float32), left, right);
    }

    // |Aᵀ·B| ≈ I: the same columns up to sign.
    private static void AssertSameColumnsUpToSign(Tensor actual, Tensor expected, string what)
    {
        var overlap = actual.to(ScalarType.Float64).t().matmul(expected).abs();
        var identity = eye(overlap.size(0), dtype: ScalarType.Float64);
        Assert.That(overlap.sub(identity).abs().max().ReadDouble(), Is.LessThan(1e-5), what);
    }

    [Test]
    public void TallMatrixProjectsOnTheRightWithTheTopSingularVectors()
    {
        using var scope = NewDisposeScope();
        var (g, _, right) = KnownSvd(9, 7, 1);
        using var state = new ParameterState();
        var projector = new GaLoreProjector(3, 10, 0.5, GaLoreProjectionType.Std);
        var low = projector.Project(g, 0, state);
        var basis = state.Tensor(GaLoreProjector.OrthoMatrix);
        Assert.That(basis.shape, Is.EqualTo(new long[] { 3, 7 }));
        Assert.That(low.shape, Is.EqualTo(projector.LowRankShape([9, 7])).And.EqualTo(new long[] { 9, 3 }));
        AssertSameColumnsUpToSign(basis.t(), right.slice(1, 0, 3, 1), "P = Vh[:3]");
        Assert.That(low.allclose(g.matmul(basis.t()), 1e-5, 1e-6), Is.True, "R = G·Pᵀ");
        var back = projector.ProjectBack(low, state);
        Assert.That(back.allclose(low.matmul(basis).mul(Scalars.Keep(0.5)), 1e-5, 1e-6), Is.True, "back = R·P·α");
    }

    [Test]
    public void WideMatrixProjectsOnTheLeftAndTheRankIsClampedToTheSmallerSide()
    {
        using var scope = NewDisposeScope();
        var (g, left, _) = KnownSvd(5, 12, 2);
        using var state = new ParameterState();
        var projector = new GaLoreProjector(128, 10, 0.25, GaLoreProjectionType.Std);
        var low = projector.Project(g, 0, state);
        var basis = state.Tensor(GaLoreProjector.OrthoMatrix);
        Assert.That(basis.shape, Is.EqualTo(new long[] { 5, 5 }), "rank 128 sliced to min(m, n) = 5");
        Assert.That(low.shape, Is.EqualTo(projector.LowRankShape([5, 12])).And.EqualTo(new long[] { 5, 12 }));
        AssertSameColumnsUpToSign(basis, left, "P = U[:, :5]");
        // A full-rank basis reconstructs the gradient: back(Pᵀ·G) = P·Pᵀ·G·α = G·α.
        Assert.That(projector.ProjectBack(low, state).allclose(g.mul(Scalars.Keep(0.25)), 1e-4, 1e-5), Is.True);
    }

    [Test]
    public void ReverseStdAndFullUseTheOtherSideAndBothSides()
    {
        using var scope = NewDisposeScope();
        var (g, left, right) = KnownSvd(9, 7, 3);
        using var reverseState = new ParameterState();
        var reverse = new GaLoreProjector(2, 10, 1.0, GaLoreProjectionType.ReverseStd);
        Assert.That(reverse.Project(g, 0, reverseState).shape, Is.EqualTo(new long[] { 2, 7 }));
        AssertSameColumnsUpToSign(reverseState.Tensor(GaLoreProjector.OrthoMatrix), left.slice(1, 0, 2, 1), "reverse_std: U[:, :2]");

        using var fullState = new ParameterState();
        var full = new GaLoreProjector(2, 10, 1.0, GaLoreProjectionType.Full);
        var core = full.Project(g, 0, fullState);
        Assert.That(core.shape, Is.EqualTo(full.LowRankShape([9, 7])).And.EqualTo(new long[] { 2, 2 }));
        // Uᵣᵀ·G·Vᵣ = diag(5, 4) up to the signs of the singular vectors.
        Assert.That(core.abs().allclose(tensor(new float[] { 5, 0, 0, 4 }, [2, 2]), 1e-4, 1e-4), Is.True);
        AssertSameColumnsUpToSign(fullState.Tensor(GaLoreProjector.OrthoMatrixRight).t(), right.slice(1, 0, 2, 1), "full: Vh[:2]");
        Assert.That(full.ProjectBack(core, fullState).shape, Is.EqualTo(new long[] { 9, 7 }));
    }

    [Test]
    public void TheBasisIsRefreshedOnlyWhenThePreIncrementStepIsAMultipleOfTheGap()
    {
        using var scope = NewDisposeScope();
        var (first, _, _) = KnownSvd(8, 6, 4);
        var (second, _, _) = KnownSvd(8, 6, 5);
        using var state = new ParameterState();
        var projector = new GaLoreProjector(2, 3, 1.0, GaLoreProjectionType.Std);
        projector.Project(first, 0, state);
        var initial = state.Tensor(GaLoreProjector.OrthoMatrix).clone();
        projector.Project(second, 1, state);
        projector.Project(second, 2, state);
        Assert.That(state.Tensor(GaLoreProjector.OrthoMatrix).ValuesEqual(initial), Is.True, "kept at iterations 1 and 2");
        projector.Project(second, 3, state);
        Assert.That(state.Tensor(GaLoreProjector.OrthoMatrix).ValuesEqual(initial), Is.False, "refreshed at iteration 3");
    }

    [Test]
    public void BFloat16GradientsGetABasisInTheirDtype()
    {
        using var scope = NewDisposeScope();
        var (g, _, _) = KnownSvd(8, 6, 6);
        using var state = new ParameterState();
        var low = new GaLoreProjector(2, 3, 1.0, GaLoreProjectionType.Std).Project(g.to(ScalarType.BFloat16), 0, state);
        Assert.That(state.Tensor(GaLoreProjector.OrthoMatrix).dtype, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(low.dtype, Is.EqualTo(ScalarType.BFloat16));
    }
}
