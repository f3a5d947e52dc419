using Training.Core.Tests;
using Training.Integrations.Tests.Support;
using System.Globalization;
using System.Text.Json;
using Training.Core;
using Training.Integrations.Tests.FusedBackward;
using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Apollo;

/// <summary>APOLLO beyond the golden cases: seeds, the wide (m &lt; n) path against PyTorch, registry grouping, errors, state round trip.</summary>
[NonParallelizable]
public class ApolloTests
{
    [Test]
    public void NextSeedFollowsTheReferenceChain()
    {
        // Values recorded by the reference (golden apollo_adamw: weight seed 2 → … → …).
        Assert.That(ApolloAdamW.NextSeed(2), Is.EqualTo(3402314949991714867L));
        Assert.That(ApolloAdamW.NextSeed(3402314949991714867L), Is.EqualTo(9110370213325666520L));
    }

    // The update rule of reference/integrations.md §2.3 written directly in PyTorch, for a wide weight (m < n:
    // left projection, one scale per column), decay and a refresh every 3 steps.
    private const string WideReference = """
import json, math, sys, torch
d = json.load(open(sys.argv[1]))
m, n = d["shape"]; r, T, scale, lr, wd = 3, 3, 4.0, 0.01, 0.1
front, nl_off, tensor_scale = d["scale_front"], d["disable_nl"], d["scale_type"] == "tensor"
b1, b2, eps = 0.9, 0.999, 1e-8
W = torch.tensor(d["weight"]).view(m, n)
def nxt(seed):
    g = torch.Generator().manual_seed(seed); return int(torch.randint(0, 2**63 - 1, (15,), generator=g)[-1])
seed, P, M, V, prev = 1, None, None, None, None
for t, gl in enumerate(d["grads"], start=1):
    G = torch.tensor(gl).view(m, n)
    if P is None or (t - 1) % T == 0:
        P = torch.randn((m, r), generator=torch.Generator().manual_seed(seed)) / math.sqrt(r)
        seed = nxt(seed)
    R = P.t() @ G
    if M is None: M = torch.zeros_like(R); V = torch.zeros_like(R)
    M.mul_(b1).add_(R, alpha=1 - b1); V.mul_(b2).addcmul_(R, R, value=1 - b2)
    N = M / (V.sqrt() + eps)
    step = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
    s = torch.norm(N) / (torch.norm(R) + 1e-8) if tensor_scale else torch.norm(N, dim=0) / (torch.norm(R, dim=0) + 1e-8)
    Gh = G * s
    if front: Gh = Gh * math.sqrt(scale)
    if not nl_off:
        gn = torch.norm(Gh)
        if prev is None: prev = gn
        else:
            lim = torch.max(gn / (prev + 1e-8), torch.tensor(1.01)) / 1.01
            Gh = Gh / lim; prev = gn / lim
    if not front: Gh = Gh * math.sqrt(scale)
    W.add_(Gh, alpha=-step)
    W.add_(W, alpha=-lr * wd)
print(json.dumps({"weight": W.flatten().tolist(), "seed": seed, "prev": None if prev is None else prev.item()}))
""";

    [TestCase("channel", false, false)]
    [TestCase("channel", true, false)]
    [TestCase("tensor", false, true)]
    public void WideWeightMatchesThePyTorchReferenceOfTheUpdateRule(string scaleType, bool scaleFront, bool disableNl)
    {
        using var scope = torch.NewDisposeScope();
        var problem = IntegrationGolden.Problem("p6x8");
        var shape = problem.WeightShape;
        Assert.That(shape[0], Is.LessThan(shape[1]), "a wide problem");
        var grads = problem.Gradients.Select(g => GoldenFiles.Flatten(g["weight"])).ToList();
        using var folder = new TempFolder();
        var input = Path.Combine(folder.Path, "wide.json");
        File.WriteAllText(input, JsonSerializer.Serialize(new
        {
            shape, weight = problem.Initial("weight"), grads, scale_type = scaleType, scale_front = scaleFront, disable_nl = disableNl,
        }));
        var expected = JsonDocument.Parse(PythonTorch.Run(WideReference, input)).RootElement;

        var weight = torch.tensor(problem.Initial("weight"), shape, ScalarType.Float32).requires_grad_();
        var group = new ParamGroup([weight], new Dictionary<string, object?>
        {
            ["rank"] = 3.0, ["proj"] = "random", ["scale_type"] = scaleType, ["scale_front"] = scaleFront, ["disable_nl"] = disableNl, ["update_proj_gap"] = 3.0, ["scale"] = 4.0,
            ["proj_type"] = "std", ["betas"] = new[] { 0.9, 0.999 }, ["eps"] = 1e-8, ["weight_decay"] = 0.1,
        });
        using var optimizer = new ApolloAdamW([group], new ApolloAdamWOptions { LearningRate = 0.01 });
        foreach (var g in grads)
        {
            weight.grad = torch.tensor(g, shape, ScalarType.Float32);
            optimizer.Step();
        }

        Closeness.AssertClose(weight.to(ScalarType.Float64).ToArray<double>(),
            expected.GetProperty("weight").EnumerateArray().Select(e => e.GetDouble()).ToArray(), 1e-5, 1e-7, "wide weight after 10 steps");
        var state = optimizer.GetState(weight)!;
        Assert.That(state.Integer("projector_next_seed"), Is.EqualTo(expected.GetProperty("seed").GetInt64()));
        Assert.That(state.Tensor("exp_avg").shape, Is.EqualTo(new[] { 3L, shape[1] }), "r×n moments for m < n");
        if (disableNl)
            Assert.That(state.Contains("scaled_grad_norm"), Is.False, "no limiter state when disable_nl");
        else
            Assert.That(state.Scalar("scaled_grad_norm"), Is.EqualTo(expected.GetProperty("prev").GetDouble()).Within(1e-5 * expected.GetProperty("prev").GetDouble()));
    }

    private static OptimizerRequest Request(DeepMlp model, string optimArgs = "", OptimTargetModules? targets = null) => new()
    {
        ParamGroups = [new ParamGroup(model.parameters())], LearningRate = 0.01, AdamBeta1 = 0.8, AdamBeta2 = 0.99, AdamEpsilon = 1e-7,
        WeightDecay = 0.5, Model = model, OptimArgs = OptimArgs.Parse(optimArgs),
        TargetModules = targets ?? OptimTargetModules.FromList(["layer0"]),
    };

    private static readonly OptimizerDescriptor Entry = ApolloEntries.All.Single(d => d.Name == "apollo_adamw");

    [Test]
    public void RegistryGroupsTargetWeightsWithTheLowRankKeysAndAdamSettings()
    {
        using var model = new DeepMlp(depth: 2);
        using var optimizer = (ApolloAdamW)Entry.Factory(Request(model, "rank=2,update_proj_gap=5,scale_type=tensor,scale=128"), null!);
        var named = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var (others, target) = (optimizer.ParamGroups[0], optimizer.ParamGroups[1]);
        Assert.Multiple(() =>
        {
            Assert.That(target.Parameters, Is.EqualTo(new[] { named["layer0.weight"] }));
            Assert.That(others.Parameters, Is.EqualTo(new[] { named["layer0.bias"], named["layer1.weight"], named["layer1.bias"] }));
            Assert.That(target["rank"], Is.EqualTo(2));
            Assert.That(target["update_proj_gap"], Is.EqualTo(5));
            Assert.That(target.GetValue("scale_type"), Is.EqualTo("tensor"));
            Assert.That(target["scale"], Is.EqualTo(128));
            Assert.That(target.GetValue("proj"), Is.EqualTo("random"));
            Assert.That(target.GetPair("betas"), Is.EqualTo((0.8, 0.99)));
            Assert.That(target["eps"], Is.EqualTo(1e-7));
            // The non-target group keeps the class defaults; the constructor gets only lr (no weight decay).
            Assert.That(others.GetPair("betas"), Is.EqualTo((0.9, 0.999)));
            Assert.That(others["eps"], Is.EqualTo(1e-6));
            Assert.That(others["weight_decay"], Is.Zero);
            Assert.That(target["weight_decay"], Is.Zero);
        });

        using var scope = torch.NewDisposeScope();
        using var batch = DeepMlp.Collate(DeepMlp.Examples(8));
        model.forward(batch).backward();
        optimizer.Step();
        // Seeds are 1-based positions over all groups: the non-target group comes first.
        Assert.That(optimizer.GetState(named["layer0.weight"])!.Integer("param_seed"), Is.EqualTo(4));
        Assert.That(optimizer.GetState(named["layer0.bias"])!.Integer("param_seed"), Is.EqualTo(1));
        Assert.That(optimizer.GetState(named["layer0.weight"])!.Tensor("ortho_matrix").shape, Is.EqualTo(new long[] { 2, 4 }), "P is r×n for the 8×4 weight");
    }

    [Test]
    public void SvdProjectionUsesTheGradientsTopRightSingularVectors()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.zeros(8, 6).requires_grad_();
        using var generator = new Generator(21);
        var gradient = torch.randn(new long[] { 8, 6 }, generator: generator);
        using var optimizer = new ApolloAdamW([new ParamGroup([weight], new Dictionary<string, object?>
        {
            ["rank"] = 2.0, ["proj"] = "svd", ["scale_type"] = "channel", ["update_proj_gap"] = 10.0, ["scale"] = 1.0, ["proj_type"] = "std",
        })]);
        weight.grad = gradient;
        optimizer.Step();
        // 8×6 (m ≥ n): P = Vh[:r] of the gradient, so R = G·Pᵀ has the gradient's top-2 row-space components.
        var (_, _, vh) = torch.linalg.svd(gradient, fullMatrices: false);
        var basis = optimizer.GetState(weight)!.Tensor("ortho_matrix");
        Assert.That(basis.allclose(vh.narrow(0, 0, 2), rtol: 0, atol: 1e-6), Is.True);
        Assert.That(optimizer.GetState(weight)!.Tensor("exp_avg").shape, Is.EqualTo(new long[] { 8, 2 }));
    }

    [Test]
    public void DefaultsFollowTransformers()
    {
        using var model = new DeepMlp(depth: 2);
        using var optimizer = (ApolloAdamW)Entry.Factory(Request(model), null!);
        var target = optimizer.ParamGroups[1];
        Assert.That((target["rank"], target.GetValue("proj"), target.GetValue("scale_type"), target["update_proj_gap"], target["scale"], target.GetValue("proj_type")),
            Is.EqualTo((128.0, (object)"random", (object)"channel", 200.0, 1.0, (object)"std")));
    }

    [Test]
    public void InvalidRequestsAreRejected()
    {
        using var model = new DeepMlp(depth: 2);
        Assert.Multiple(() =>
        {
            Assert.That(() => Entry.Factory(Request(model) with { TargetModules = null }, null!),
                Throws.ArgumentException.With.Message.Contains("OptimTargetModules"));
            Assert.That(() => Entry.Factory(Request(model) with { Model = null }, null!), Throws.ArgumentException.With.Message.Contains("needs the model"));
            Assert.That(() => Entry.Factory(Request(model, "proj=gaussian"), null!), Throws.TypeOf<ArgumentBindingException>().With.Message.Contains("Invalid proj:"));
            Assert.That(() => Entry.Factory(Request(model, "proj_type=full"), null!), Throws.TypeOf<ArgumentBindingException>().With.Message.Contains("Invalid proj_type:"));
            Assert.That(() => Entry.Factory(Request(model, "scale_type=row"), null!), Throws.TypeOf<ArgumentBindingException>().With.Message.Contains("Invalid scale_type:"));
            Assert.That(() => Entry.Factory(Request(model, "rank=0"), null!), Throws.TypeOf<ArgumentBindingException>().With.Message.Contains("Invalid rank:"));
            Assert.That(() => Entry.Factory(Request(model, "update_proj_gap=0"), null!), Throws.TypeOf<ArgumentBindingException>().With.Message.Contains("Invalid update_proj_gap:"));
            Assert.That(() => Entry.Factory(Request(model, "galore_scale=2"), null!), Throws.TypeOf<ArgumentBindingException>().With.Message.Contains("'galore_scale' is not an argument of apollo_adamw"));
            Assert.That(() => Entry.Factory(Request(model, targets: OptimTargetModules.FromList(["nothing"])), null!), Throws.ArgumentException);
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public void StateDictRoundTripContinuesBitIdentically(bool viaFile)
    {
        using (var original = new DeepMlp(depth: 2))
        using (var resumed = new DeepMlp(depth: 2))
        {
            // Counted once both models exist: TorchSharp leaves a moved-from wrapper behind for every Parameter it
            // creates, which stays in Tensor.TotalCount (measured: +1 per parameter, after the module's disposal too).
            var baseline = LiveTensors.SettledCount();
            RoundTrip(original, resumed, viaFile);
            Assert.That(Tensor.TotalCount, Is.EqualTo(baseline), "no tensor leaked");
        }
    }

    private static void RoundTrip(DeepMlp original, DeepMlp resumed, bool viaFile)
    {
        {
            const string args = "rank=2,update_proj_gap=2";
            using var first = (ApolloAdamW)Entry.Factory(Request(original, args), null!);
            void Step(DeepMlp model, Optimizer optimizer, int seed)
            {
                using var scope = torch.NewDisposeScope();
                using var batch = DeepMlp.Collate(DeepMlp.Examples(8, seed));
                model.forward(batch).backward();
                optimizer.Step();
                optimizer.ZeroGrad();
            }

            for (var s = 0; s < 3; s++) Step(original, first, s);
            resumed.CopyFrom(original);
            using var second = (ApolloAdamW)Entry.Factory(Request(resumed, args), null!);
            StateTransfer.Copy(first, second, viaFile);

            var weight = (Tensor)resumed.named_parameters().First(p => p.name == "layer0.weight").parameter;
            Assert.That(second.GetState(weight)!.Integer("projector_next_seed"),
                Is.EqualTo(first.GetState(original.named_parameters().First(p => p.name == "layer0.weight").parameter)!.Integer("projector_next_seed")));
            for (var s = 3; s < 7; s++)
            {
                Step(original, first, s);
                Step(resumed, second, s);
            }

            foreach (var ((name, a), b) in original.named_parameters().Zip(resumed.parameters()))
                Assert.That(a.ValuesEqual(b), Is.True, $"{name} after resuming");
        }
    }
}
