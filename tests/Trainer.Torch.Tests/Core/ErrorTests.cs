namespace Training.Torch.Tests.Core;

/// <summary>Native failures become typed managed exceptions and the process lives on.</summary>
public class ErrorTests
{
    [Test]
    public void ShapeMismatchIsATorchExceptionWithAShortMessage()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => zeros(new long[] { 2, 3 }).matmul(zeros(new long[] { 4, 5 })));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Kind, Is.EqualTo(TorchErrorKind.Torch));
            Assert.That(e.Message, Does.Contain("cannot be multiplied").And.Contain("2x3").And.Contain("4x5"));
            Assert.That(e.Message, Does.Not.Contain("frame #"), "no C++ backtrace in the message");
            Assert.That(e, Is.InstanceOf<System.Runtime.InteropServices.ExternalException>(), "TorchSharp's exception type");
        });
        Assert.That(zeros(2).add(1).sum().item<float>(), Is.EqualTo(2), "the runtime still works");
    }

    [TestCase(0, TorchErrorKind.Torch, "deliberate c10::Error")]
    [TestCase(1, TorchErrorKind.Std, "deliberate std::runtime_error")]
    [TestCase(2, TorchErrorKind.OutOfMemory, "bad_alloc")]
    [TestCase(3, TorchErrorKind.Index, "deliberate c10::IndexError")]
    [TestCase(4, TorchErrorKind.Unknown, "unknown native exception")]
    public void EveryNativeExceptionFamilyIsCaught(int which, TorchErrorKind kind, string message)
    {
        TorchRuntime.EnsureLoaded();
        var e = Assert.Throws(Is.InstanceOf<TorchException>(), () => Native.NativeError.Check(Native.NativeMethods.trn_test_throw(which)));
        var torchError = (TorchException)e!;
        Assert.That(torchError.Kind, Is.EqualTo(kind));
        Assert.That(torchError.Message, Does.Contain(message));
        if (kind == TorchErrorKind.OutOfMemory) Assert.That(torchError, Is.TypeOf<TorchOutOfMemoryException>());
    }

    [Test]
    public void UsingADisposedTensorIsAnObjectDisposedException()
    {
        var t = ones(3);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.sum());
        Assert.That(t.IsInvalid, Is.True);
        Assert.That(t.ToString(), Is.EqualTo("Tensor(disposed)"));
    }

    [Test]
    public void CudaIsReportedUnavailableWithAReason()
    {
        using var scope = NewDisposeScope();
        Assert.That(cuda.is_available(), Is.False);
        var e = Assert.Throws<NotSupportedException>(() => zeros(2, device: new Device("cuda:0")));
        Assert.That(e!.Message, Does.Contain("CPU-only"));
        Assert.Throws<NotSupportedException>(() => ones(2).cuda());
        Assert.Throws<ArgumentException>(() => _ = new Device("tpu"));
    }

    [Test]
    public void ItemOfAMultiElementTensorFailsClearly()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => ones(3).item<float>());
        Assert.That(e!.Message, Does.Contain("exactly one element").And.Contain("3"));
    }

    [Test]
    public void WrongSizedManagedDataIsRejectedBeforeNativeCode()
    {
        var e = Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, [2, 2]));
        Assert.That(e!.Message, Does.Contain("needs 4 elements but 3"));
    }
}
