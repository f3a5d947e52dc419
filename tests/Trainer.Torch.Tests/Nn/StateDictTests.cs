namespace Training.Torch.Tests.Nn;

public class StateDictTests
{
    [Test]
    public void StateDict_ListsParametersThenPersistentBuffers_AsLiveTensors()
    {
        using var scope = NewDisposeScope();
        using var outer = nn.Sequential(("pre", nn.Linear(3, 3)), ("buffered", new WithBuffers()));
        var state = outer.state_dict();

        Assert.That(state.Keys, Is.EqualTo(new[] { "pre.weight", "pre.bias", "buffered.scale", "buffered.running" }));
        Assert.That(state["buffered.scale"], Is.SameAs(outer.get_parameter("buffered.scale")), "values are the live tensors");
        Assert.That(outer.named_buffers().Select(b => b.name), Is.EqualTo(new[] { "buffered.running", "buffered.scratch" }),
            "non-persistent buffers are buffers, just not saved");
    }

    [Test]
    public void LoadStateDict_CopiesValuesIntoAnIndependentModel()
    {
        using var scope = NewDisposeScope();
        using var source = new TinyModel();
        using var target = new TinyModel();
        var sourceState = source.state_dict();

        var (missing, unexpected) = target.load_state_dict(sourceState);

        Assert.That(missing, Is.Empty);
        Assert.That(unexpected, Is.Empty);
        foreach (var (key, value) in target.state_dict())
        {
            Assert.That(value.ToArray<float>(), Is.EqualTo(sourceState[key].ToArray<float>()), key);
            Assert.That(value.StorageAddress, Is.Not.EqualTo(sourceState[key].StorageAddress), $"{key} is a copy");
            Assert.That(value.requires_grad, Is.True, $"{key} is still trainable");
            Assert.That(value.is_leaf, Is.True, $"{key} is still a leaf (copied without recording)");
        }

        // The copy is independent: changing the source afterwards does not change the target.
        using (no_grad()) source.get_parameter("head.weight").add_(1);
        Assert.That(target.get_parameter("head.weight").ToArray<float>(),
            Is.Not.EqualTo(source.get_parameter("head.weight").ToArray<float>()));
    }

    [Test]
    public void LoadStateDict_Strict_ListsEveryMissingAndUnexpectedKey_AndChangesNothing()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1));
        var before = model.get_parameter("0.weight").ToArray<float>();
        var incomplete = new Dictionary<string, Tensor>
        {
            ["0.weight"] = zeros(2, 2),
            ["1.weight"] = zeros(1, 2),
            ["extra.weight"] = zeros(1),
            ["other"] = zeros(1),
        };

        var error = Assert.Throws<ArgumentException>(() => model.load_state_dict(incomplete));
        Assert.That(error!.Message, Does.Contain("\"0.bias\"").And.Contain("\"1.bias\""));
        Assert.That(error.Message, Does.Contain("\"extra.weight\"").And.Contain("\"other\""));
        Assert.That(model.get_parameter("0.weight").ToArray<float>(), Is.EqualTo(before), "nothing was loaded");

        var (missing, unexpected) = model.load_state_dict(incomplete, strict: false);
        Assert.That(missing, Is.EqualTo(new[] { "0.bias", "1.bias" }));
        Assert.That(unexpected, Is.EqualTo(new[] { "extra.weight", "other" }));
        Assert.That(model.get_parameter("0.weight").ToArray<float>(), Is.All.EqualTo(0f), "matching keys were loaded");

        var (skippedMissing, _) = model.load_state_dict(incomplete, strict: false, skip: ["1.bias"]);
        Assert.That(skippedMissing, Is.EqualTo(new[] { "0.bias" }));
    }

    [Test]
    public void LoadStateDict_ShapeMismatch_NamesTheKeyAndBothShapes_EvenWhenNotStrict()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Sequential(nn.Linear(3, 2));
        var state = new Dictionary<string, Tensor> { ["0.weight"] = zeros(4, 3), ["0.bias"] = zeros(2) };

        var error = Assert.Throws<ArgumentException>(() => model.load_state_dict(state, strict: false));
        Assert.That(error!.Message, Does.Contain("size mismatch for 0.weight"));
        Assert.That(error.Message, Does.Contain("[4, 3]").And.Contain("[2, 3]"));
        Assert.That(model.get_parameter("0.bias").ToArray<float>(), Is.Not.All.EqualTo(0f), "nothing was loaded");
    }

    [Test]
    public void LoadStateDict_RestoresBuffers()
    {
        using var scope = NewDisposeScope();
        using var model = new WithBuffers();
        model.load_state_dict(new Dictionary<string, Tensor>
        {
            ["scale"] = tensor(new float[] { 1, 2, 3 }),
            ["running"] = tensor(new float[] { 4, 5, 6 }),
        });
        var output = model.call(ones(3));
        Assert.That(output.ToArray<float>(), Is.EqualTo(new float[] { 5, 7, 9 }));
    }
}
