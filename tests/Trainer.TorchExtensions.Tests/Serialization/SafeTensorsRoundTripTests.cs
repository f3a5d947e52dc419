namespace Training.TorchExtensions.Tests.Serialization;

public class SafeTensorsRoundTripTests
{
    private static readonly ScalarType[] AllDTypes =
    [
        ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64,
        ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool,
    ];

    /// <summary>Distinct values in every dtype (for bool: alternating), shaped 2 x 3 x 4.</summary>
    internal static Tensor Sample(ScalarType dtype) =>
        dtype == ScalarType.Bool
            ? (arange(Scalars.Keep(24)).reshape(2, 3, 4) % 2).to(ScalarType.Bool)
            : arange(Scalars.Keep(-12), Scalars.Keep(12), ScalarType.Float64).mul(Scalars.Keep(0.75)).reshape(2, 3, 4).to(dtype);

    [TestCaseSource(nameof(AllDTypes))]
    public void RoundTripsEveryDType(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var path = folder.File("model.safetensors");
        var original = Sample(dtype);

        SafeTensors.Save(new Dictionary<string, Tensor> { ["weight"] = original, ["scalar"] = original.flatten()[5] }, path);
        var loaded = SafeTensors.Load(path);

        Assert.That(loaded.Keys, Is.EquivalentTo(new[] { "weight", "scalar" }));
        TensorAssert.Same(original, loaded["weight"]);
        TensorAssert.Same(original.flatten()[5], loaded["scalar"]);
        Assert.That(loaded["scalar"].shape, Is.Empty);
        Assert.That(SafeTensors.ReadHeader(path).Tensors["weight"].DType, Is.EqualTo(dtype));
    }

    [Test]
    public void NonContiguousInputsAreWrittenInRowMajorOrder()
    {
        using var scope = NewDisposeScope();
        var matrix = arange(Scalars.Keep(12), ScalarType.Float32).reshape(3, 4);
        var views = new Dictionary<string, Tensor>
        {
            ["transposed"] = matrix.t(),
            ["strided"] = matrix.slice(1, 0, 4, 2),
            ["expanded"] = arange(Scalars.Keep(3), ScalarType.Int64).unsqueeze(0).expand(2, 3),
            ["permuted"] = arange(Scalars.Keep(24), ScalarType.Int16).reshape(2, 3, 4).permute(2, 0, 1),
        };
        Assert.That(views.Values.Any(v => v.is_contiguous()), Is.False, "the inputs must all be non-contiguous");

        using var memory = new MemoryStream();
        SafeTensors.Save(views, memory);
        memory.Position = 0;
        var loaded = SafeTensors.Load(memory);

        foreach (var (name, view) in views) TensorAssert.Same(view.contiguous(), loaded[name], name);
        Assert.That(loaded["transposed"].ToArray<float>(), Is.EqualTo(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }));
    }

    [Test]
    public void EmptyTensorsAndAnEmptyFileRoundTrip()
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor> { ["a"] = zeros([0, 3]), ["b"] = ones(2), ["c"] = empty([4, 0], ScalarType.Int8) };
        var loaded = SafeTensors.Load(new MemoryStream(SafeTensors.Serialize(tensors)));
        foreach (var (name, tensor) in tensors) TensorAssert.Same(tensor, loaded[name], name);

        var nothing = SafeTensors.Serialize(new Dictionary<string, Tensor>());
        Assert.That(SafeTensors.Load(new MemoryStream(nothing)), Is.Empty);
    }

    [Test]
    public void SavingTheSameStateTwiceGivesByteIdenticalFiles()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var a = AllDTypes.ToDictionary(d => $"t_{d}", Sample);
        // The same tensors inserted in the opposite order: the file must not depend on dictionary order.
        var b = a.Reverse().ToDictionary(p => p.Key, p => p.Value.clone());
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["step"] = "12" };

        SafeTensors.Save(a, folder.File("first.safetensors"), metadata);
        SafeTensors.Save(b, folder.File("second.safetensors"), metadata.Reverse().ToDictionary());
        var reloaded = SafeTensors.Load(folder.File("first.safetensors"));
        SafeTensors.Save(reloaded, folder.File("third.safetensors"), metadata);

        var first = File.ReadAllBytes(folder.File("first.safetensors"));
        Assert.That(File.ReadAllBytes(folder.File("second.safetensors")), Is.EqualTo(first));
        Assert.That(File.ReadAllBytes(folder.File("third.safetensors")), Is.EqualTo(first));
    }

    [Test]
    public void HeaderIsPaddedToEightBytesAndCarriesMetadata()
    {
        using var scope = NewDisposeScope();
        var bytes = SafeTensors.Serialize(new Dictionary<string, Tensor> { ["x"] = ones(3) }, new Dictionary<string, string> { ["format"] = "pt" });
        var headerLength = BitConverter.ToInt64(bytes, 0);
        var json = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)headerLength);

        Assert.That(headerLength % 8, Is.Zero);
        Assert.That(json.TrimEnd(' '), Is.EqualTo("""{"__metadata__":{"format":"pt"},"x":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}"""));
        var header = SafeTensors.ReadHeader(new MemoryStream(bytes));
        Assert.That(header.Metadata, Is.EqualTo(new Dictionary<string, string> { ["format"] = "pt" }));
        Assert.That(header.DataOffset, Is.EqualTo(8 + headerLength));
        Assert.That(header.DataLength, Is.EqualTo(12));
    }

    [Test]
    public void SaveReplacesTheFileAtomicallyAndLeavesNoTemporaryFiles()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var path = folder.File("model.safetensors");
        SafeTensors.Save(new Dictionary<string, Tensor> { ["x"] = ones(3) }, path);
        var before = File.ReadAllBytes(path);

        var disposed = ones(2);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => SafeTensors.Save(new Dictionary<string, Tensor> { ["x"] = zeros(3), ["y"] = disposed }, path));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "a failed save must not touch the existing file");

        SafeTensors.Save(new Dictionary<string, Tensor> { ["x"] = zeros(3) }, path);
        Assert.That(SafeTensors.Load(path)["x"].ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 0 }));
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "model.safetensors" }));
    }

    [Test]
    public void UnsupportedDTypesAndReservedNamesAreRefusedBeforeWriting()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var complex = ones(2).to(ScalarType.ComplexFloat32);
        Assert.That(() => SafeTensors.Save(new Dictionary<string, Tensor> { ["c"] = complex }, folder.File("c.safetensors")),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("ComplexFloat32"));
        Assert.That(() => SafeTensors.Save(new Dictionary<string, Tensor> { ["__metadata__"] = ones(1) }, folder.File("m.safetensors")),
            Throws.ArgumentException.With.Message.Contains("reserved"));
        Assert.That(folder.FileNames(), Is.Empty);
    }
}
