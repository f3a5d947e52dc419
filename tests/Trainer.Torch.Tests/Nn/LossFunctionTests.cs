namespace Training.Torch.Tests.Nn;

/// <summary>Losses checked against log-softmax computed by hand in C#.</summary>
public class LossFunctionTests
{
    private const int N = 6;
    private const int C = 4;

    private static readonly double[] Logits =
    [
        0.2, -1.3, 2.1, 0.5,
        1.7, 0.0, -0.4, 0.9,
        -2.0, 0.3, 0.3, 1.1,
        0.8, 0.8, -0.6, -1.5,
        3.0, -0.2, 0.1, 0.4,
        -0.7, 1.9, 0.6, -0.3,
    ];

    private static readonly double[] ClassWeights = [0.5, 2.0, 1.0, 1.5];

    private static double LogProb(int n, int c)
    {
        var max = Enumerable.Range(0, C).Max(k => Logits[n * C + k]);
        var logSumExp = max + Math.Log(Enumerable.Range(0, C).Sum(k => Math.Exp(Logits[n * C + k] - max)));
        return Logits[n * C + c] - logSumExp;
    }

    // PyTorch's label smoothing: (1-ε)·nll + ε/C·Σ_c w_c·(-log p_c), normalised by the summed target weights for "mean".
    private static (double[] perRow, double weightSum) Expected(long[] targets, long ignore, double smoothing, double[]? weight)
    {
        var rows = new double[N];
        var weightSum = 0.0;
        for (var n = 0; n < N; n++)
        {
            if (targets[n] == ignore) continue;
            var t = (int)targets[n];
            var w = weight?[t] ?? 1.0;
            var smooth = Enumerable.Range(0, C).Sum(c => -(weight?[c] ?? 1.0) * LogProb(n, c));
            rows[n] = (1 - smoothing) * w * -LogProb(n, t) + smoothing / C * smooth;
            weightSum += w;
        }

        return (rows, weightSum);
    }

    private static Tensor Input() => tensor(Logits, new long[] { N, C });

    [Test]
    public void CrossEntropy_Mean_IgnoresTargetsAndSmoothsLabels()
    {
        using var scope = NewDisposeScope();
        long[] targets = [2, -100, 3, 0, -100, 1];
        var (rows, count) = Expected(targets, -100, 0.1, null);

        var loss = nn.functional.cross_entropy(Input(), tensor(targets), label_smoothing: 0.1).item<double>();

        Assert.That(count, Is.EqualTo(4));
        Assert.That(loss, Is.EqualTo(rows.Sum() / count).Within(1e-12));
    }

    [Test]
    public void CrossEntropy_Sum_WithCustomIgnoreIndex()
    {
        using var scope = NewDisposeScope();
        long[] targets = [2, 1, 3, 0, 2, 1];
        var (rows, _) = Expected(targets, 2, 0.2, null);

        var loss = nn.functional.cross_entropy(Input(), tensor(targets), ignore_index: 2, reduction: nn.Reduction.Sum, label_smoothing: 0.2);

        Assert.That(loss.item<double>(), Is.EqualTo(rows.Sum()).Within(1e-12));
    }

    [Test]
    public void CrossEntropy_None_ReturnsPerRowLosses_WithZeroForIgnoredRows()
    {
        using var scope = NewDisposeScope();
        long[] targets = [0, 1, -100, 3, 2, 1];
        var (rows, _) = Expected(targets, -100, 0.0, null);

        var loss = nn.functional.cross_entropy(Input(), tensor(targets), reduction: nn.Reduction.None);

        Assert.That(loss.ToArray<double>(), Is.EqualTo(rows).Within(1e-12));
        Assert.That(rows[2], Is.EqualTo(0));
    }

    [Test]
    public void CrossEntropy_ClassWeights_NormaliseTheMeanByTargetWeights()
    {
        using var scope = NewDisposeScope();
        long[] targets = [2, 1, -100, 0, 3, 1];
        var (rows, weightSum) = Expected(targets, -100, 0.15, ClassWeights);
        var weight = tensor(ClassWeights);

        var functional = nn.functional.cross_entropy(Input(), tensor(targets), weight, label_smoothing: 0.15).item<double>();
        using var module = nn.CrossEntropyLoss(weight, label_smoothing: 0.15);
        var fromModule = module.call(Input(), tensor(targets)).item<double>();

        Assert.That(functional, Is.EqualTo(rows.Sum() / weightSum).Within(1e-12));
        Assert.That(fromModule, Is.EqualTo(functional).Within(1e-15));
        Assert.That(module.state_dict().Keys, Is.EqualTo(new[] { "weight" }), "the class weights are a buffer");
    }

    [Test]
    public void CrossEntropy_RejectsLabelSmoothingOutsideZeroOne()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            nn.functional.cross_entropy(Input(), tensor(new long[] { 0, 0, 0, 0, 0, 0 }), label_smoothing: 1.5));
        Assert.That(error!.Message, Does.Contain("label_smoothing").And.Contain("1.5"));
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.CrossEntropyLoss(label_smoothing: -0.5));
    }

    [Test]
    public void NllLoss_OfLogSoftmax_EqualsTheHandComputedMean()
    {
        using var scope = NewDisposeScope();
        long[] targets = [3, 2, 1, -100, 0, 0];
        var expected = new[] { 0, 1, 2, 4, 5 }.Average(n => -LogProb(n, (int)targets[n]));

        var logp = nn.functional.log_softmax(Input(), 1);
        var loss = nn.functional.nll_loss(logp, tensor(targets)).item<double>();

        Assert.That(loss, Is.EqualTo(expected).Within(1e-12));
        Assert.That(logp.ToArray<double>()[7], Is.EqualTo(LogProb(1, 3)).Within(1e-12));
        Assert.That(nn.functional.softmax(Input(), 1).ToArray<double>()[9], Is.EqualTo(Math.Exp(LogProb(2, 1))).Within(1e-12));
    }

    [Test]
    public void MseLoss_MatchesHandComputedReductions()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new double[] { 1, 2, 3, 4 });
        var b = tensor(new double[] { 0, 2, 5, 1 });

        Assert.That(nn.functional.mse_loss(a, b).item<double>(), Is.EqualTo((1 + 0 + 4 + 9) / 4.0));
        Assert.That(nn.functional.mse_loss(a, b, nn.Reduction.Sum).item<double>(), Is.EqualTo(14.0));
        Assert.That(nn.functional.mse_loss(a, b, nn.Reduction.None).ToArray<double>(), Is.EqualTo(new double[] { 1, 0, 4, 9 }));
        using var module = nn.MSELoss(nn.Reduction.Sum);
        Assert.That(module.call(a, b).item<double>(), Is.EqualTo(14.0));
    }

    [Test]
    public void OneHot_EncodesIndices()
    {
        using var scope = NewDisposeScope();
        var encoded = nn.functional.one_hot(tensor(new long[] { 2, 0 }), 3);
        Assert.That(encoded.shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(encoded.ToArray<long>(), Is.EqualTo(new long[] { 0, 0, 1, 1, 0, 0 }));
        Assert.That(nn.functional.one_hot(tensor(new long[] { 1, 3 })).shape, Is.EqualTo(new long[] { 2, 4 }), "num_classes = max + 1");
    }
}
