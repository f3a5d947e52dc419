namespace Training.Torch.Tests;

public class SmokeTests
{
    [Test]
    public void AddsTwoTensors()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3 });
        var b = tensor(new float[] { 10, 20, 30 });
        Assert.That((a + b).ToArray<float>(), Is.EqualTo(new float[] { 11, 22, 33 }));
    }
}
