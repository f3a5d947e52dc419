using Training.Torch.Modules;

namespace Training.Torch.Tests.Nn;

public class GradientCheckTests
{
    private sealed class Mlp : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc1;
        private readonly GELU act;
        private readonly Linear fc2;

        public Mlp() : base(nameof(Mlp))
        {
            fc1 = nn.Linear(3, 5, dtype: ScalarType.Float64);
            act = nn.GELU("tanh");
            fc2 = nn.Linear(5, 4, dtype: ScalarType.Float64);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => fc2.call(act.call(fc1.call(input)));
    }

    [Test]
    public void MlpGradients_MatchCentralFiniteDifferences_ForEveryParameter()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = new Mlp();
        var x = randn(new long[] { 6, 3 }, dtype: ScalarType.Float64);
        var y = tensor(new long[] { 0, 3, 1, 2, 3, 0 });
        Tensor Loss() => nn.functional.cross_entropy(model.call(x), y, label_smoothing: 0.1);

        Loss().backward();

        const double h = 1e-6;
        var checkedParameters = 0;
        foreach (var (name, p) in model.named_parameters())
        {
            var analytic = p.grad!.ToArray<double>();
            var values = p.ToArray<double>();
            var maxDiff = 0.0;
            for (var i = 0; i < values.Length; i++)
            {
                var original = values[i];
                values[i] = original + h;
                var plus = Evaluate(p, values, Loss);
                values[i] = original - h;
                var minus = Evaluate(p, values, Loss);
                values[i] = original;
                p.CopyFrom<double>(values);
                maxDiff = Math.Max(maxDiff, Math.Abs((plus - minus) / (2 * h) - analytic[i]));
            }

            Assert.That(maxDiff, Is.LessThan(1e-6), name);
            checkedParameters++;
        }

        Assert.That(checkedParameters, Is.EqualTo(4));
    }

    private static double Evaluate(Tensor parameter, double[] values, Func<Tensor> loss)
    {
        parameter.CopyFrom<double>(values);
        using var inner = NewDisposeScope();
        using (no_grad()) return loss().item<double>();
    }
}
