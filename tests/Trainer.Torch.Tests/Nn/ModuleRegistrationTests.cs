using Training.Torch.Modules;

namespace Training.Torch.Tests.Nn;

public class ModuleRegistrationTests
{
    private sealed class Fields : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc = nn.Linear(2, 3);
        private readonly Parameter scale = nn.Parameter(ones(3));
        private readonly Tensor mask = ones(3);
        [ComponentName(Name = "renamed")] private readonly Linear original = nn.Linear(3, 1);
        private readonly Linear? absent = null;
        private readonly int notAComponent = 5;

        public Fields() : base(nameof(Fields)) => RegisterComponents();

        public Linear Auto { get; } = nn.Linear(1, 1);

        public override Tensor forward(Tensor input) =>
            original.call(fc.call(input) * scale * mask) + (absent is null ? notAComponent : 0);
    }

    private sealed class Derived : nn.Module<Tensor, Tensor>
    {
        private readonly Linear baseLayer;

        public Derived() : base(nameof(Derived))
        {
            baseLayer = nn.Linear(1, 1);
            RegisterComponents();
            RegisterComponents(); // idempotent
        }

        public override Tensor forward(Tensor input) => baseLayer.call(input);
    }

    private sealed class WithList : nn.Module<Tensor, Tensor>
    {
        private readonly List<Linear> layers = [nn.Linear(1, 1)];

        public WithList() : base(nameof(WithList))
        {
        }

        public override Tensor forward(Tensor input) => layers[0].call(input);
    }

    [Test]
    public void RegisterComponents_PicksModuleParameterAndTensorFields()
    {
        using var scope = NewDisposeScope();
        using var m = new Fields();

        Assert.That(m.named_children().Select(c => c.name), Is.EqualTo(new[] { "fc", "renamed", "Auto" }));
        Assert.That(m.named_parameters().Select(p => p.name), Is.EqualTo(new[]
        {
            "scale", "fc.weight", "fc.bias", "renamed.weight", "renamed.bias", "Auto.weight", "Auto.bias",
        }));
        Assert.That(m.named_buffers().Select(b => b.name), Is.EqualTo(new[] { "mask" }));
    }

    [Test]
    public void RegisterComponents_IsIdempotent()
    {
        using var m = new Derived();
        Assert.That(m.named_parameters().Select(p => p.name), Is.EqualTo(new[] { "baseLayer.weight", "baseLayer.bias" }));
    }

    [Test]
    public void RegisterComponents_RejectsListsOfModules()
    {
        using var m = new WithList();
        var error = Assert.Throws<InvalidOperationException>(m.RegisterComponents);
        Assert.That(error!.Message, Does.Contain("layers").And.Contain("ModuleList"));
    }

    [Test]
    public void Register_RejectsDottedEmptyAndDuplicateNames()
    {
        using var m = new Sequential();
        using var p = nn.Parameter(zeros(1));
        using var other = nn.Parameter(zeros(1));

        var dotted = Assert.Throws<ArgumentException>(() => m.register_parameter("a.b", p));
        Assert.That(dotted!.Message, Does.Contain("can't contain \".\"").And.Contain("a.b"));
        Assert.Throws<ArgumentException>(() => m.register_module("x.y", nn.ReLU()));
        Assert.Throws<ArgumentException>(() => m.register_buffer("", zeros(1)));

        m.register_parameter("w", p);
        m.register_parameter("w", p); // the same object again is a no-op
        var duplicate = Assert.Throws<ArgumentException>(() => m.register_parameter("w", other));
        Assert.That(duplicate!.Message, Does.Contain("\"w\" already exists"));
        Assert.Throws<ArgumentException>(() => m.register_buffer("w", zeros(1)));
        Assert.Throws<ArgumentException>(() => m.add_module("w", nn.ReLU()));
        Assert.That(m.named_parameters().Select(x => x.name), Is.EqualTo(new[] { "w" }));
    }

    [Test]
    public void NamedParameters_FollowPyTorchOrderAndDottedNames()
    {
        using var model = new TinyModel(layers: 2);
        string[] expected =
        [
            "embed.weight",
            "blocks.0.ln.weight", "blocks.0.ln.bias", "blocks.0.fc.weight", "blocks.0.fc.bias",
            "blocks.1.ln.weight", "blocks.1.ln.bias", "blocks.1.fc.weight", "blocks.1.fc.bias",
            "head.weight",
        ];
        Assert.That(model.named_parameters().Select(p => p.name), Is.EqualTo(expected));
        Assert.That(model.parameters().Count(), Is.EqualTo(expected.Length));
        Assert.That(model.named_parameters(recurse: false), Is.Empty);

        Assert.That(model.named_modules().Select(m => m.name), Is.EqualTo(new[]
        {
            "", "embed", "blocks", "blocks.0", "blocks.0.ln", "blocks.0.fc", "blocks.1", "blocks.1.ln", "blocks.1.fc", "head",
        }));
        Assert.That(model.named_children().Select(c => c.name), Is.EqualTo(new[] { "embed", "blocks", "head" }));
        Assert.That(model.modules().First(), Is.SameAs(model));
    }

    [Test]
    public void GetParameterAndSubmodule_ResolveDottedPaths()
    {
        using var model = new TinyModel();
        var byName = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        Assert.That(model.get_parameter("blocks.1.fc.weight"), Is.SameAs(byName["blocks.1.fc.weight"]));
        Assert.That(model.get_submodule("blocks.0.ln"), Is.InstanceOf<LayerNorm>());
        Assert.That(model.get_submodule(""), Is.SameAs(model));
        var error = Assert.Throws<ArgumentException>(() => model.get_parameter("blocks.7.fc.weight"));
        Assert.That(error!.Message, Does.Contain("\"7\""));
        Assert.Throws<ArgumentException>(() => model.get_parameter("head.bias"), "a bias-free Linear has no bias parameter");
    }

    [Test]
    public void TiedWeights_AreListedOnceButSavedUnderEachName()
    {
        using var model = new TinyModel(vocab: 5, dim: 5);
        model.Head.weight = model.Embed.weight;

        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.That(names, Does.Contain("embed.weight").And.Not.Contain("head.weight"));
        var state = model.state_dict();
        Assert.That(state["head.weight"], Is.SameAs(state["embed.weight"]));
    }

    [Test]
    public void Apply_VisitsChildrenBeforeParents()
    {
        using var model = nn.Sequential(nn.Linear(1, 1), nn.Sequential(nn.ReLU()));
        var visited = new List<string>();
        model.apply(m => visited.Add(m.GetName()));
        Assert.That(visited, Is.EqualTo(new[] { "Linear", "ReLU", "Sequential", "Sequential" }));
    }

    [Test]
    public void Dispose_DisposesParametersBuffersAndChildren_Once()
    {
        var model = new TinyModel();
        using var buffers = new WithBuffers();
        var parameters = model.parameters().ToList();
        var ownBuffers = buffers.buffers().ToList();

        model.Dispose();
        buffers.Dispose();
        model.Dispose();

        Assert.That(parameters.All(p => p.IsInvalid), Is.True);
        Assert.That(ownBuffers.All(b => b.IsInvalid), Is.True);
        Assert.That(model.IsDisposed, Is.True);
    }

    [Test]
    public void RegisteredBuffers_LeaveTheDisposeScope()
    {
        WithBuffers module;
        using (var scope = NewDisposeScope()) module = new WithBuffers();
        using (module)
        {
            Assert.That(module.buffers().All(b => !b.IsInvalid), Is.True);
        }
    }
}
