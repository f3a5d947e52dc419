using System.Text;

namespace Training.TorchExtensions.Tests.Serialization;

/// <summary>Each malformed file must be refused with an <see cref="InvalidDataException"/> that names the file and the problem.</summary>
public class SafeTensorsMalformedTests
{
    private const string F32Entry = """{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""";

    /// <summary>A file from a JSON header and a zero-filled buffer of <paramref name="bufferLength"/> bytes.</summary>
    private static byte[] File(string header, int bufferLength) => File(Encoding.UTF8.GetBytes(header), bufferLength);

    private static byte[] File(byte[] header, int bufferLength) =>
        [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. new byte[bufferLength]];

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string name, byte[] file, string problem) => new TestCaseData(file, problem).SetName($"Refuses_{name}");

        yield return Case("ShorterThanEightBytes", [1, 2, 3], "shorter than the 8-byte header length");
        yield return Case("HeaderLongerThanFile", [.. BitConverter.GetBytes(500UL), .. "{}"u8], "header length 500 runs past the end of the file");
        yield return Case("AbsurdHeaderLength", [.. BitConverter.GetBytes(200_000_000UL), .. "{}"u8], "larger than the limit of 100000000 bytes");
        yield return Case("HeaderNotJson", File("{\"a\": ", 0), "not valid UTF-8 JSON");
        yield return Case("HeaderNotUtf8", File([.. "{\"a"u8, 0xFF, .. "\": 1}"u8], 0), "not valid UTF-8 JSON");
        yield return Case("HeaderNotAnObject", File("[1, 2]", 0), "the header must be a JSON object, not an array");
        yield return Case("MissingDType", File("""{"w":{"shape":[2],"data_offsets":[0,8]}}""", 8), "tensor 'w' has no 'dtype'");
        yield return Case("MissingShape", File("""{"w":{"dtype":"F32","data_offsets":[0,8]}}""", 8), "tensor 'w' has no 'shape'");
        yield return Case("MissingDataOffsets", File("""{"w":{"dtype":"F32","shape":[2]}}""", 8), "tensor 'w' has no 'data_offsets'");
        yield return Case("ShapeOfWrongJsonType", File("""{"w":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}""", 8), "'shape' that is a string, expected a JSON array");
        yield return Case("DTypeOfWrongJsonType", File("""{"w":{"dtype":4,"shape":[2],"data_offsets":[0,8]}}""", 8), "'dtype' that is a number, expected a JSON string");
        yield return Case("FractionalDimension", File("""{"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", 8), "'shape' entry 2.5 that is not an integer");
        yield return Case("UnknownDType", File("""{"w":{"dtype":"F31","shape":[2],"data_offsets":[0,8]}}""", 8), "unknown or unsupported dtype 'F31'");
        yield return Case("NegativeDimension", File("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8), "negative 'shape' entry -2");
        yield return Case("SizeMismatch", File("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8), "needs 12 bytes, but its data_offsets [0, 8] span 8");
        yield return Case("BeginAfterEnd", File("""{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}""", 8), "begin is after its end");
        yield return Case("ThreeOffsets", File("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}""", 8), "has 3 data_offsets, expected 2");
        yield return Case("OffsetsOutsideBuffer", File("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 8), "outside the 8-byte data buffer");
        yield return Case("OverlappingTensors", File($$$"""{"a":{{{F32Entry}}},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12), "tensor 'b' at [4, 12] overlaps tensor 'a' at [0, 8]");
        yield return Case("GapBetweenTensors", File($$$"""{"a":{{{F32Entry}}},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", 16), "bytes [8, 12) of the data buffer belong to no tensor");
        yield return Case("TrailingUncoveredBytes", File($$$"""{"a":{{{F32Entry}}}}""", 12), "bytes [8, 12) at the end of the data buffer belong to no tensor");
        yield return Case("DuplicateKeys", File($$$"""{"a":{{{F32Entry}}},"a":{{{F32Entry}}}}""", 8), "the key 'a' appears more than once");
        yield return Case("MetadataValueNotString", File($$$"""{"__metadata__":{"step":3},"a":{{{F32Entry}}}}""", 8), "metadata value of 'step' must be a string, not a number");
        yield return Case("MetadataNotObject", File($$$"""{"__metadata__":"pt","a":{{{F32Entry}}}}""", 8), "'__metadata__' must be a JSON object, not a string");
    }

    [TestCaseSource(nameof(Cases))]
    public void RefusesMalformedFile(byte[] content, string problem)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var path = folder.File("broken.safetensors");
        System.IO.File.WriteAllBytes(path, content);
        var live = Tensor.TotalCount;

        var load = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path))!;
        Assert.That(load.Message, Does.Contain($"'{path}' is not a valid safetensors file").And.Contain(problem));
        Assert.That(() => SafeTensors.ReadHeader(path), Throws.TypeOf<InvalidDataException>().With.Message.Contain(problem));
        Assert.That(Tensor.TotalCount, Is.EqualTo(live), "a refused file must not leave tensors behind");
    }

    [Test]
    public void AcceptsAHeaderPaddedWithSpacesAndEmptyTensorsAnywhere()
    {
        using var scope = NewDisposeScope();
        var header = $$$"""{"e":{"dtype":"I8","shape":[0],"data_offsets":[8,8]},"a":{{{F32Entry}}}}      """;
        var loaded = SafeTensors.Load(new MemoryStream(File(header, 8)), "padded");
        Assert.That(loaded["a"].ToArray<float>(), Is.EqualTo(new float[] { 0, 0 }));
        Assert.That(loaded["e"].shape, Is.EqualTo(new long[] { 0 }));
    }
}
