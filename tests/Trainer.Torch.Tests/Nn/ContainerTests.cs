using Training.Torch.Modules;

namespace Training.Torch.Tests.Nn;

public class ContainerTests
{
    [Test]
    public void Sequential_NamesChildrenByPosition_AndChainsForward()
    {
        using var scope = NewDisposeScope();
        var first = nn.Linear(3, 4);
        var second = nn.Linear(4, 2);
        using var model = nn.Sequential(first, nn.ReLU(), second);
        var x = randn(new long[] { 5, 3 });

        Assert.That(model.named_children().Select(c => c.name), Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(model.named_parameters().Select(p => p.name), Is.EqualTo(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }));
        Assert.That(model.Count, Is.EqualTo(3));
        Assert.That(model[2], Is.SameAs(second));
        var manual = second.call(first.call(x).relu());
        Assert.That(model.call(x).ToArray<float>(), Is.EqualTo(manual.ToArray<float>()));
    }

    [Test]
    public void Sequential_AcceptsNamedModules_AndAnEmptyChainIsTheIdentity()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Sequential(("encoder", nn.Linear(2, 2)), ("act", nn.GELU()));
        Assert.That(model.named_children().Select(c => c.name), Is.EqualTo(new[] { "encoder", "act" }));
        Assert.That(model.state_dict().Keys, Is.EqualTo(new[] { "encoder.weight", "encoder.bias" }));

        using var empty = nn.Sequential();
        var x = ones(2);
        Assert.That(empty.call(x).ToArray<float>(), Is.EqualTo(new float[] { 1, 1 }));
        empty.append(nn.ReLU()).append("named", nn.SiLU());
        Assert.That(empty.named_children().Select(c => c.name), Is.EqualTo(new[] { "0", "named" }));
    }

    [Test]
    public void ModuleList_RegistersItemsByIndex_AndRenumbersOnChange()
    {
        var a = nn.Linear(1, 1);
        var b = nn.Linear(1, 2);
        var c = nn.Linear(1, 3);
        using var list = nn.ModuleList<Linear>(a, b);
        list.Add(c);

        Assert.That(list.Count, Is.EqualTo(3));
        Assert.That(list[1], Is.SameAs(b));
        Assert.That(list.named_children().Select(x => x.name), Is.EqualTo(new[] { "0", "1", "2" }));

        list.RemoveAt(0);
        Assert.That(list.named_children().Select(x => (x.name, x.module)), Is.EqualTo(new (string, nn.Module)[] { ("0", b), ("1", c) }));
        list.Insert(0, a);
        Assert.That(list.get_submodule("0"), Is.SameAs(a));
        Assert.That(list.named_parameters().Select(p => p.name).First(), Is.EqualTo("0.weight"));
        Assert.That(list.ToList(), Is.EqualTo(new[] { a, b, c }));

        using var untyped = nn.ModuleList(nn.ReLU(), nn.Linear(2, 2));
        untyped.append(nn.SiLU());
        Assert.That(untyped.Count, Is.EqualTo(3));
        Assert.That(untyped[2], Is.InstanceOf<SiLU>());
    }
}
