using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim.Tests.Base;

public class OptimizerBaseTests
{
    [Test]
    public void GroupsInheritDefaultsAndKeepTheirOwnValues()
    {
        using var scope = NewDisposeScope();
        using var a = ones(2).requires_grad_();
        using var b = ones(2).requires_grad_();
        using var optimizer = new AdamW([new ParamGroup([a]), new ParamGroup([b], new Dictionary<string, object?> { ["lr"] = 0.5, ["betas"] = (0.8, 0.9) })],
            new AdamWOptions { LearningRate = 0.01 });
        Assert.Multiple(() =>
        {
            Assert.That(optimizer.ParamGroups[0].LearningRate, Is.EqualTo(0.01));
            Assert.That(optimizer.ParamGroups[0]["weight_decay"], Is.EqualTo(0.01));
            Assert.That(optimizer.ParamGroups[1].LearningRate, Is.EqualTo(0.5));
            Assert.That(optimizer.ParamGroups[1].GetPair("betas"), Is.EqualTo((0.8, 0.9)));
            Assert.That(optimizer.ParamGroups[1]["eps"], Is.EqualTo(1e-8));
        });
        optimizer.ParamGroups[0]["weight_decay"] = 0.3;
        Assert.That(optimizer.ParamGroups[0]["weight_decay"], Is.EqualTo(0.3), "any key is writable, e.g. by a scheduler");
    }

    [TestCase("lr", -0.1, "Invalid lr: -0.1")]
    [TestCase("eps", -1e-8, "Invalid eps: -1E-08")]
    [TestCase("weight_decay", -0.5, "Invalid weight_decay: -0.5")]
    public void InvalidGroupValuesAreRejectedNamingKeyAndValue(string key, double value, string message)
    {
        using var scope = NewDisposeScope();
        using var p = ones(2).requires_grad_();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AdamW([new ParamGroup([p], new Dictionary<string, object?> { [key] = value })]));
        Assert.That(e!.ParamName, Is.EqualTo(key));
        Assert.That(e.Message, Does.Contain(message));
    }

    [TestCase(1.5, 0.999, "index 0: 1.5")]
    [TestCase(0.9, 1.0, "index 1: 1")]
    [TestCase(-0.1, 0.999, "index 0: -0.1")]
    public void BetasOutsideTheUnitIntervalAreRejected(double beta1, double beta2, string message)
    {
        using var scope = NewDisposeScope();
        using var p = ones(2).requires_grad_();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AdamW([p], new AdamWOptions { Beta1 = beta1, Beta2 = beta2 }));
        Assert.That(e!.Message, Does.Contain(message));
    }

    [Test]
    public void AParameterMayBelongToOneGroupOnly()
    {
        using var scope = NewDisposeScope();
        using var p = ones(2).requires_grad_();
        Assert.Throws<ArgumentException>(() => _ = new Sgd([new ParamGroup([p]), new ParamGroup([p])]));
        Assert.DoesNotThrow(() => new Sgd([new ParamGroup([])]).Dispose(), "an empty group is allowed (Transformers builds possibly-empty groups)");
        using var sgd = new Sgd([p]);
        Assert.Throws<ArgumentException>(() => sgd.AddParamGroup(new ParamGroup([p])));
        Assert.Throws<ArgumentException>(() => _ = new Sgd(Array.Empty<ParamGroup>()));
    }

    [Test]
    public void StepAndZeroGradHooksRunInOrderAndPostHooksSeeClearedGradients()
    {
        using var scope = NewDisposeScope();
        using var p = ones(2).requires_grad_();
        using var optimizer = new Sgd([p], new SgdOptions { LearningRate = 0.1 });
        var calls = new List<string>();
        using var pre = optimizer.RegisterStepPreHook(_ => calls.Add("step-pre"));
        using var post = optimizer.RegisterStepPostHook(_ => calls.Add("step-post"));
        using var zeroPre = optimizer.RegisterZeroGradPreHook((_, _) => calls.Add(p.grad is null ? "zero-pre:none" : "zero-pre:grad"));
        using var zeroPost = optimizer.RegisterZeroGradPostHook((_, _) => calls.Add(p.grad is null ? "zero-post:none" : "zero-post:grad"));
        p.sum().backward();
        optimizer.Step();
        optimizer.ZeroGrad();
        Assert.That(calls, Is.EqualTo(new[] { "step-pre", "step-post", "zero-pre:grad", "zero-post:none" }));
        pre.Dispose();
        optimizer.Step();
        Assert.That(calls.Count(c => c == "step-pre"), Is.EqualTo(1), "a removed hook does not run");
    }

    [Test]
    public void ZeroGradCanZeroInPlace()
    {
        using var scope = NewDisposeScope();
        using var p = ones(3).requires_grad_();
        using var optimizer = new Sgd([p]);
        p.mul(Scalars.Keep(2)).sum().backward();
        optimizer.ZeroGrad(setToNone: false);
        Assert.That(p.grad!.ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 0 }));
    }

    [Test]
    public void StateTensorsLiveOutsideScopesAndAreReleasedOnDispose()
    {
        using var p = ones(3).requires_grad_();
        var baseline = LiveTensors.SettledCount();
        var optimizer = new AdamW([p]);
        using (NewDisposeScope())
        {
            p.sum().backward();
            optimizer.Step();
        }

        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline + 2), "exp_avg and exp_avg_sq survive the step's scope");
        Assert.That(optimizer.StateBytes(), Is.EqualTo(2 * 3 * 4));
        optimizer.Dispose();
        p.grad = null;
        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline));
    }

    [Test]
    public void StateDictHasPyTorchsLayout()
    {
        using var scope = NewDisposeScope();
        using var a = ones(2).requires_grad_();
        using var b = ones(3).requires_grad_();
        using var optimizer = new AdamW([new ParamGroup([a]), new ParamGroup([b], new Dictionary<string, object?> { ["weight_decay"] = 0.0 })]);
        a.sum().backward();
        optimizer.Step();
        var dict = optimizer.StateDict();
        var state = (OrderedDictionary<object, object?>)dict["state"]!;
        var groups = (List<object?>)dict["param_groups"]!;
        var first = (OrderedDictionary<object, object?>)state[0L]!;
        Assert.Multiple(() =>
        {
            Assert.That(state.Keys, Is.EqualTo(new object[] { 0L }), "only parameters with state appear, keyed by index");
            Assert.That(first.Keys, Is.EqualTo(new object[] { "step", "exp_avg", "exp_avg_sq" }));
            Assert.That(((Tensor)first["step"]!).ReadSingle(), Is.EqualTo(1), "step is a float32 tensor, as in torch 1.13");
            Assert.That(((OrderedDictionary<object, object?>)groups[0]!)["params"], Is.EqualTo(new List<object?> { 0L }));
            Assert.That(((OrderedDictionary<object, object?>)groups[1]!)["params"], Is.EqualTo(new List<object?> { 1L }));
            Assert.That(((OrderedDictionary<object, object?>)groups[0]!)["betas"], Is.EqualTo(new object?[] { 0.9, 0.999 }), "pairs are tuples");
        });
    }

    [Test]
    public void TheStateDictsTensorsBelongToTheOptimizerAndLiveUntilItIsDisposed()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(3, requires_grad: true);
        var optimizer = new AdamW([new ParamGroup([a])]);
        a.sum().backward();
        optimizer.Step();
        var first = (Tensor)((OrderedDictionary<object, object?>)((OrderedDictionary<object, object?>)optimizer.StateDict()["state"]!)[0L]!)["step"]!;
        optimizer.Step();
        var second = (Tensor)((OrderedDictionary<object, object?>)((OrderedDictionary<object, object?>)optimizer.StateDict()["state"]!)[0L]!)["step"]!;
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first), "one 0-dim tensor per entry, refreshed, not a new one per call");
            Assert.That(second.ReadSingle(), Is.EqualTo(2));
        });
        var alive = Tensor.TotalCount;
        optimizer.Dispose();
        Assert.That(first.IsInvalid, Is.True, "released with the optimizer");
        Assert.That(Tensor.TotalCount, Is.EqualTo(alive - 3), "exp_avg, exp_avg_sq and the one 'step' tensor, nothing the caller had to free");
    }

    [Test]
    public void LoadingAMismatchedStateDictFailsClearly()
    {
        using var scope = NewDisposeScope();
        using var a = ones(2).requires_grad_();
        using var b = ones(2).requires_grad_();
        using var one = new AdamW([a]);
        using var two = new AdamW([new ParamGroup([a]), new ParamGroup([b])]);
        var e = Assert.Throws<ArgumentException>(() => one.LoadStateDict(two.StateDict()));
        Assert.That(e!.Message, Does.Contain("2 parameter groups").And.Contain("has 1"));
    }
}
