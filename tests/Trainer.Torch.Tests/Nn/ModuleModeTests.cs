using Training.Torch.Modules;

namespace Training.Torch.Tests.Nn;

public class ModuleModeTests
{
    [Test]
    public void TrainAndEval_PropagateToEveryDescendant()
    {
        using var model = new TinyModel();
        Assert.That(model.modules().All(m => m.training), Is.True, "modules start in training mode");
        model.eval();
        Assert.That(model.modules().All(m => !m.training), Is.True);
        model.train();
        Assert.That(model.modules().All(m => m.training), Is.True);
    }

    [Test]
    public void Dropout_ZeroesAndRescalesInTraining_AndIsTheIdentityInEval()
    {
        using var scope = NewDisposeScope();
        manual_seed(123);
        using var model = nn.Sequential(nn.Linear(1, 1), nn.Dropout(0.25));
        var dropout = (Dropout)model[1];
        var x = ones(4000, dtype: ScalarType.Float64);

        var trained = dropout.call(x).ToArray<double>();
        var dropped = trained.Count(v => v == 0);
        Assert.That(trained.All(v => v == 0 || Math.Abs(v - 1 / 0.75) < 1e-12), Is.True, "kept values are scaled by 1/(1-p)");
        Assert.That(dropped / 4000.0, Is.EqualTo(0.25).Within(0.03));

        model.eval();
        Assert.That(dropout.call(x).ToArray<double>(), Is.All.EqualTo(1.0));
    }

    [Test]
    public void Dropout_RejectsProbabilitiesOutsideZeroOne()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => nn.Dropout(1.5));
        Assert.That(error!.Message, Does.Contain("1.5"));
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.functional.dropout(ones(2), -0.1));
    }

    [Test]
    public void ZeroGrad_RemovesOrZeroesGradients()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1));
        model.call(ones(4, 3)).sum().backward();
        Assert.That(model.parameters().All(p => p.grad is not null), Is.True);

        model.zero_grad(set_to_none: false);
        foreach (var p in model.parameters())
        {
            Assert.That(p.grad, Is.Not.Null);
            Assert.That(p.grad!.ToArray<float>(), Is.All.EqualTo(0f));
        }

        model.zero_grad();
        Assert.That(model.parameters().All(p => p.grad is null), Is.True);
    }

    [Test]
    public void ForwardHooks_CanObserveAndReplace_AndBeRemoved()
    {
        using var scope = NewDisposeScope();
        using var relu = nn.ReLU();
        var seen = new List<float>();
        using var pre = relu.register_forward_pre_hook((_, input) => input * -1);
        var post = relu.register_forward_hook((_, input, output) =>
        {
            seen.Add(input.sum().item<float>());
            return output + 10;
        });

        var x = tensor(new float[] { -1, 2 });
        Assert.That(relu.call(x).ToArray<float>(), Is.EqualTo(new float[] { 11, 10 }));
        Assert.That(seen, Is.EqualTo(new[] { -1f }), "the post hook sees the input the pre hook produced");
        Assert.That(relu.forward(x).ToArray<float>(), Is.EqualTo(new float[] { 0, 2 }), "forward itself runs no hooks");

        post.remove();
        pre.Dispose();
        Assert.That(relu.call(x).ToArray<float>(), Is.EqualTo(new float[] { 0, 2 }));
    }
}
