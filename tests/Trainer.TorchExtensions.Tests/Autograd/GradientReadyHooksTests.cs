using TorchSharp.Modules;
using Training.TorchExtensions.Autograd;

namespace Training.TorchExtensions.Tests.Autograd;

/// <summary>Per-parameter callbacks inside backward: completeness, once per pass, freeing, peak gradients, errors, leaks.</summary>
[NonParallelizable]
public class GradientReadyHooksTests
{
    // Gradients of a plain backward over the same model and loss, keyed by parameter name.
    private static Dictionary<string, Tensor> PlainGradients(nn.Module model, Func<Tensor> loss)
    {
        using (var scope = NewDisposeScope()) loss().backward();
        var gradients = new Dictionary<string, Tensor>();
        foreach (var (name, p) in model.named_parameters().DistinctBy(p => TensorIdentity.Of(p.parameter)))
        {
            gradients[name] = p.grad!.clone().DetachFromDisposeScope();
            p.grad = null;
        }

        return gradients;
    }

    // Parameter names by handle; a tied weight keeps its first name, as in PlainGradients.
    private static Dictionary<IntPtr, string> Names(nn.Module model) =>
        model.named_parameters().DistinctBy(p => TensorIdentity.Of(p.parameter)).ToDictionary(p => TensorIdentity.Of(p.parameter), p => p.name);

    private static int LiveGradients(IEnumerable<Tensor> parameters) => parameters.Count(p =>
    {
        using var g = p.grad;
        return g is not null;
    });

    private static void Free(Dictionary<string, Tensor> tensors)
    {
        foreach (var t in tensors.Values) t.Dispose();
    }

    [Test]
    public void CallbacksSeeTheCompleteGradientsOfAPlainBackwardAndMayFreeThem()
    {
        using var model = new LinearStack(depth: 5);
        using var inputs = LinearStack.Inputs();
        var expected = PlainGradients(model, () => model.Loss(inputs));
        var names = Names(model);
        var seen = new Dictionary<string, Tensor>();
        using (var registration = GradientReadyHooks.Register(model, model.parameters(), p =>
               {
                   using var g = p.grad!;
                   seen[names[TensorIdentity.Of(p)]] = g.clone().DetachFromDisposeScope();
                   // Freeing must not disturb the gradients still to come.
                   p.grad = null;
               }))
        {
            using var scope = NewDisposeScope();
            registration.Backward(model.Loss(inputs));
            // layer0 is gated too; fed data that requires no grad, it is handled after backward (see the order test).
            Assert.That(registration.EarlyParameters, Has.Count.EqualTo(10));
        }

        Assert.That(seen.Keys, Is.EquivalentTo(expected.Keys));
        foreach (var (name, g) in expected) Assert.That(seen[name].ValuesEqual(g), Is.True, name);
        Assert.That(LiveGradients(model.parameters()), Is.Zero);
        Free(expected);
        Free(seen);
    }

    [Test]
    public void TiedEmbeddingAndTwiceCalledModulesGetCompleteGradients([Values] bool zeroInsteadOfFree)
    {
        using var model = new TiedLanguageModel();
        using var ids = TiedLanguageModel.Ids();
        var expected = PlainGradients(model, () => model.Loss(ids));
        var names = Names(model);
        var seen = new Dictionary<string, Tensor>();
        using var registration = GradientReadyHooks.Register(model, model.parameters(), p =>
        {
            using var g = p.grad!;
            seen[names[TensorIdentity.Of(p)]] = g.clone().DetachFromDisposeScope();
            if (zeroInsteadOfFree) g.zero_();
            else p.grad = null;
        });
        var embedding = model.named_parameters().Single(p => p.name == "embedding.weight").parameter;
        Assert.That(registration.LateParameters.Select(TensorIdentity.Of), Is.EqualTo(new[] { TensorIdentity.Of(embedding) }), "the tied weight waits for the end");
        Assert.That(registration.EarlyParameters, Has.Count.EqualTo(4), "hidden and norm");
        using (var scope = NewDisposeScope()) registration.Backward(model.Loss(ids));

        Assert.That(seen.Keys, Is.EquivalentTo(expected.Keys));
        foreach (var (name, g) in expected) Assert.That(seen[name].allclose(g, rtol: 1e-6, atol: 1e-7), Is.True, name);
        Free(expected);
        Free(seen);
    }

    [Test]
    public void EachCallbackRunsExactlyOncePerBackwardInADeterministicOrder()
    {
        using var model = new LinearStack(depth: 4);
        using var inputs = LinearStack.Inputs();
        var names = Names(model);
        var calls = new List<string>();
        using var registration = GradientReadyHooks.Register(model, model.parameters(), p =>
        {
            calls.Add(names[TensorIdentity.Of(p)]);
            p.grad = null;
        });
        for (var step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            registration.Backward(model.Loss(inputs));
        }

        string[] pass = ["layer3.weight", "layer3.bias", "layer2.weight", "layer2.bias", "layer1.weight", "layer1.bias", "layer0.weight", "layer0.bias"];
        Assert.That(calls, Is.EqualTo(pass.Concat(pass).Concat(pass)), "backward order for gated modules, then the rest");
    }

    [TestCase(true, 2)]
    [TestCase(false, 16)]
    public void FreeingInTheCallbackBoundsTheLiveGradientsByOneLayer(bool viaCall, int expectedPeak)
    {
        using var model = new LinearStack(depth: 8, viaCall: viaCall);
        using var inputs = LinearStack.Inputs();
        var parameters = model.parameters().Cast<Tensor>().ToList();
        var peak = 0;
        var calls = 0;
        using var registration = GradientReadyHooks.Register(model, parameters, p =>
        {
            calls++;
            peak = Math.Max(peak, LiveGradients(parameters));
            p.grad = null;
        });
        for (var step = 0; step < 2; step++)
        {
            using var scope = NewDisposeScope();
            registration.Backward(model.Loss(inputs));
        }

        TestContext.Out.WriteLine($"viaCall={viaCall}: peak live gradients {peak} of {parameters.Count}; early {registration.EarlyParameters.Count}");
        Assert.That(calls, Is.EqualTo(2 * parameters.Count));
        // One Linear holds 2 parameters; layer0 (fed data) is handled after backward, also alone. Through forward()
        // no hook runs and every gradient is alive at the end: the measurement can tell the difference.
        Assert.That(peak, Is.EqualTo(expectedPeak));
        Assert.That(LiveGradients(parameters), Is.Zero);
    }

    [Test]
    public void RetainedGraphRunsTheCallbacksInsideEachBackward()
    {
        using var model = new LinearStack(depth: 4);
        using var inputs = LinearStack.Inputs();
        var parameters = model.parameters().Cast<Tensor>().ToList();
        var peaks = new List<int>();
        using var registration = GradientReadyHooks.Register(model, parameters, p =>
        {
            peaks.Add(LiveGradients(parameters));
            p.grad = null;
        });
        using var scope = NewDisposeScope();
        var loss = model.Loss(inputs);
        registration.Backward(loss, retainGraph: true);
        registration.Backward(loss);
        Assert.That(peaks, Has.Count.EqualTo(16));
        Assert.That(peaks.Max(), Is.EqualTo(2), "the second pass over the retained graph is gated too");
    }

    [Test]
    public void AThrowingCallbackSurfacesAsItselfAndTheRegistrationKeepsWorking([Values("layer2.weight", "layer0.bias")] string failing)
    {
        using var model = new LinearStack(depth: 4);
        using var inputs = LinearStack.Inputs();
        var names = Names(model);
        var fail = true;
        var calls = 0;
        using var registration = GradientReadyHooks.Register(model, model.parameters(), p =>
        {
            calls++;
            if (fail && names[TensorIdentity.Of(p)] == failing) throw new InvalidDataException($"callback refused {failing}");
            p.grad = null;
        });
        using (var scope = NewDisposeScope())
        {
            Assert.That(() => registration.Backward(model.Loss(inputs)),
                Throws.TypeOf<InvalidDataException>().With.Message.EqualTo($"callback refused {failing}"));
        }

        model.zero_grad();
        fail = false;
        calls = 0;
        using (var scope = NewDisposeScope()) registration.Backward(model.Loss(inputs));
        Assert.That(calls, Is.EqualTo(8), "a later backward runs every callback");
        Assert.That(LiveGradients(model.parameters()), Is.Zero);
    }

    [Test]
    public void PlainBackwardAndDisposedRegistrationsRunNoCallback()
    {
        using var model = new LinearStack(depth: 3);
        using var inputs = LinearStack.Inputs();
        var calls = 0;
        var registration = GradientReadyHooks.Register(model, model.parameters(), _ => calls++);
        using (var scope = NewDisposeScope()) model.Loss(inputs).backward();
        Assert.That(calls, Is.Zero, "callbacks run only inside the registration's Backward");
        model.zero_grad();

        registration.Dispose();
        using (var scope = NewDisposeScope())
        {
            var loss = model.Loss(inputs);
            Assert.That(() => registration.Backward(loss), Throws.TypeOf<ObjectDisposedException>());
            loss.backward();
        }

        Assert.That(calls, Is.Zero);
        Assert.That(LiveGradients(model.parameters()), Is.EqualTo(6), "gradients are left to their owner");
    }

    [Test]
    public void ParametersOfOtherModelsAreHandledAfterBackwardAndDuplicatesOnce()
    {
        using var model = new LinearStack(depth: 2);
        using var stranger = new Parameter(ones(3));
        using var inputs = LinearStack.Inputs();
        var calls = 0;
        using var registration = GradientReadyHooks.Register(model, model.parameters().Append(stranger).Append(stranger), _ => calls++);
        Assert.That(registration.LateParameters, Is.EqualTo(new[] { stranger }), "not registered by the model: handled after backward");
        using (var scope = NewDisposeScope()) registration.Backward(model.Loss(inputs));
        Assert.That(calls, Is.EqualTo(5), "each distinct parameter once, even with no gradient");

        using var modelless = GradientReadyHooks.Register(null, model.parameters(), _ => calls++);
        Assert.That(modelless.EarlyParameters, Is.Empty, "without a model everything is handled after backward");
    }

    [Test]
    public void TheGatesReleaseTorchSharpsPerNodeOutputCache() =>
        // Otherwise every gated call keeps an activation-sized empty_like alive (memory, not correctness).
        Assert.That(NodeOutputCache.IsAvailable, Is.True, "TorchSharp renamed AutogradContext._node or Node<T>._outputCache");

    [Test]
    public void NoTensorLeaksOverSeveralPasses()
    {
        using var model = new LinearStack(depth: 4);
        using var inputs = LinearStack.Inputs();
        using var registration = GradientReadyHooks.Register(model, model.parameters(), p => p.grad = null);
        void Pass()
        {
            using var scope = NewDisposeScope();
            registration.Backward(model.Loss(inputs));
        }

        Pass();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = LiveTensors.SettledCount();
        for (var i = 0; i < 4; i++) Pass();
        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline));
    }
}
