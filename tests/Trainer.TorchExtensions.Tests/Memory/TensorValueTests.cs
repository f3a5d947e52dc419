namespace Training.TorchExtensions.Tests.Memory;

/// <summary>TensorValue reads a one-element tensor of any dtype as TorchSharp's ToDouble/ToSingle/... would.</summary>
public class TensorValueTests
{
    [Test]
    public void EveryDtypeReadsAsItsValue()
    {
        using var scope = NewDisposeScope();
        Assert.Multiple(() =>
        {
            Assert.That(tensor(2.5f).ReadDouble(), Is.EqualTo(2.5));
            Assert.That(tensor(2.5).ReadSingle(), Is.EqualTo(2.5f));
            Assert.That(tensor(7L).ReadInt64(), Is.EqualTo(7L));
            Assert.That(tensor(7).ReadDouble(), Is.EqualTo(7.0), "an Int32 tensor read as a double");
            Assert.That(tensor(true).ReadBoolean(), Is.True);
            Assert.That(tensor(0.1f).to(ScalarType.BFloat16).ReadDouble(), Is.EqualTo(0.10009765625), "bf16's nearest value to 0.1");
            Assert.That(() => tensor(new[] { 1f, 2f }).ReadDouble(), Throws.Exception, "more than one element");
        });
    }
}
