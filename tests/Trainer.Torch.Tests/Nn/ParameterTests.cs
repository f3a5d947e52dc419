using Training.Torch.Modules;

namespace Training.Torch.Tests.Nn;

public class ParameterTests
{
    [Test]
    public void Parameter_IsADetachedLeafAliasOfItsData()
    {
        using var scope = NewDisposeScope();
        var source = ones(3).requires_grad_();
        var data = source * 2; // a non-leaf with history
        using var p = new Parameter(data);

        Assert.That(p.is_leaf, Is.True);
        Assert.That(p.requires_grad, Is.True);
        Assert.That(p.StorageAddress, Is.EqualTo(data.StorageAddress), "same storage as the data");
        Assert.That(data.IsInvalid, Is.False, "the data stays valid and owned by its creator");

        using (no_grad()) p.add_(1);
        Assert.That(data.ToArray<float>(), Is.EqualTo(new float[] { 3, 3, 3 }), "writes through the parameter are visible in the data");
    }

    [Test]
    public void Parameter_IsNotRegisteredInTheDisposeScope()
    {
        Parameter p;
        using (var scope = NewDisposeScope())
        {
            p = nn.Parameter(zeros(2), requires_grad: false);
            Assert.That(p.OwningScope, Is.Null);
        }

        Assert.That(p.IsInvalid, Is.False, "the scope did not dispose the parameter");
        Assert.That(p.requires_grad, Is.False);
        p.Dispose();
        Assert.That(p.IsInvalid, Is.True);
    }

    [Test]
    public void AsParameter_WrapsTheTensor()
    {
        using var scope = NewDisposeScope();
        var t = arange(4, dtype: ScalarType.Float32);
        using var p = t.AsParameter();
        Assert.That(p.ToArray<float>(), Is.EqualTo(new float[] { 0, 1, 2, 3 }));
        Assert.That(p.requires_grad, Is.True);
        Assert.That(t.requires_grad, Is.False, "the source tensor is not changed");
    }
}
