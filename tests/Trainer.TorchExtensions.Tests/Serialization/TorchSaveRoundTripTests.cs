using System.IO.Compression;
using System.Numerics;

namespace Training.TorchExtensions.Tests.Serialization;

public class TorchSaveRoundTripTests
{
    /// <summary>A nested state with every type of the object model; also used by the Python interop tests.</summary>
    internal static OrderedDictionary<object, object?> NestedState() => new()
    {
        [0] = new Dictionary<string, Tensor> { ["weight"] = arange(Scalars.Keep(6), ScalarType.Float32).reshape(2, 3), ["bias"] = tensor(new[] { 0.5, -1.5 }) },
        [1L] = new OrderedDictionary<object, object?> { ["ids"] = tensor(new long[] { 1, -2, 1L << 40 }), ["mask"] = tensor(new[] { true, false }) },
        ["list"] = new List<object?> { 1, 2.5, "x", true, null, new object?[] { 7L, "t" } },
        ["betas"] = (0.9, 0.999),
        ["empty"] = new object?[] { },
        ["long_tuple"] = new object?[] { 1L, 2L, 3L, 4L, 5L },
        ["bytes"] = new byte[] { 0, 255, 10, 128 },
        ["numbers"] = new object?[] { 255, 256, 65535, 65536, -1, int.MinValue, long.MaxValue, long.MinValue, BigInteger.Pow(2, 70), -BigInteger.Pow(3, 50) },
        ["floats"] = new object?[] { 1e-8, 0.1f, double.PositiveInfinity, -0.0 },
        ["text"] = "héllo ✓ 文字",
        ["none"] = null,
        ["flag"] = false,
        ["scalar"] = tensor(3.0f),
        ["bf16"] = tensor(new[] { 1.5f, -2.25f }).to(ScalarType.BFloat16),
        [(object)new object?[] { "tuple", 1L }] = "a tuple key",
    };

    /// <summary>What <see cref="NestedState"/> loads as: Python's types (ints as long, floats as double, tuples as arrays).</summary>
    internal static OrderedDictionary<object, object?> NestedStateAsLoaded(OrderedDictionary<object, object?> saved)
    {
        var expected = new OrderedDictionary<object, object?>(saved);
        expected[0] = new OrderedDictionary<object, object?>(((Dictionary<string, Tensor>)saved[0]!).ToDictionary(p => (object)p.Key, p => (object?)p.Value));
        expected["list"] = new List<object?> { 1L, 2.5, "x", true, null, new object?[] { 7L, "t" } };
        expected["betas"] = new object?[] { 0.9, 0.999 };
        expected["numbers"] = new object?[] { 255L, 256L, 65535L, 65536L, -1L, (long)int.MinValue, long.MaxValue, long.MinValue, BigInteger.Pow(2, 70), -BigInteger.Pow(3, 50) };
        expected["floats"] = new object?[] { 1e-8, (double)0.1f, double.PositiveInfinity, -0.0 };
        return expected;
    }

    [Test]
    public void RoundTripsANestedStructure()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var state = NestedState();
        TorchFile.Save(state, folder.File("state.pt"));

        var loaded = TorchFile.Load(folder.File("state.pt"));

        TensorAssert.Graph(NestedStateAsLoaded(state), loaded);
        var dictionary = (OrderedDictionary<object, object?>)loaded!;
        Assert.That(dictionary[0], Is.SameAs(dictionary[0L]), "integer keys are found with int and long");
        Assert.That(dictionary[new object?[] { "tuple", 1 }], Is.EqualTo("a tuple key"), "tuple keys compare by value");
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "state.pt" }));
    }

    [Test]
    public void SharedReferencesStaySharedAndViewsShareOneStorage()
    {
        using var scope = NewDisposeScope();
        var shared = new List<object?> { 1L };
        var weight = arange(Scalars.Keep(12), ScalarType.Float32).reshape(3, 4);
        var value = new Dictionary<string, object?>
        {
            ["a"] = shared, ["b"] = shared,
            ["weight"] = weight, ["tied"] = weight, ["row"] = weight[1], ["column"] = weight.select(1, 2), ["t"] = weight.t(),
        };
        using var memory = new MemoryStream();
        TorchFile.Save(value, memory);

        memory.Position = 0;
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Read, leaveOpen: true))
            Assert.That(zip.Entries.Count(e => e.FullName.StartsWith("archive/data/", StringComparison.Ordinal)), Is.EqualTo(1), "every view lives in the weight's storage");
        memory.Position = 0;
        var loaded = (OrderedDictionary<object, object?>)TorchFile.Load(memory)!;

        Assert.That(loaded["a"], Is.SameAs(loaded["b"]));
        Assert.That(loaded["tied"], Is.SameAs(loaded["weight"]));
        TensorAssert.Same(weight[1], (Tensor)loaded["row"]!);
        TensorAssert.Same(weight.select(1, 2).contiguous(), (Tensor)loaded["column"]!);
        TensorAssert.Same(weight.t().contiguous(), (Tensor)loaded["t"]!);
    }

    [Test]
    public void NonContiguousTensorsWithoutACoveringTensorShareTheSpanTheyRead()
    {
        using var scope = NewDisposeScope();
        var matrix = arange(Scalars.Keep(20), ScalarType.Int64).reshape(4, 5);
        var value = new Dictionary<string, Tensor> { ["t"] = matrix.t(), ["every_other"] = matrix.slice(1, 0, 5, 2), ["expanded"] = tensor(new[] { 1f, 2f }).expand(3, 2) };
        using var memory = new MemoryStream();
        TorchFile.Save(value, memory);
        memory.Position = 0;
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Read, leaveOpen: true))
        {
            var storages = zip.Entries.Where(e => e.FullName.StartsWith("archive/data/", StringComparison.Ordinal)).ToDictionary(e => e.FullName, e => e.Length);
            Assert.That(storages, Is.EqualTo(new Dictionary<string, long> { ["archive/data/0"] = 20 * 8, ["archive/data/1"] = 2 * 4 }),
                "the matrix's 20 int64 (both views read all of it) and the 2 floats the expanded tensor repeats");
        }

        memory.Position = 0;
        var loaded = (OrderedDictionary<object, object?>)TorchFile.Load(memory)!;
        foreach (var (name, tensor) in value) TensorAssert.Same(tensor.contiguous(), (Tensor)loaded[name]!, name);
    }

    [Test]
    public void SavingIsDeterministicAndFileAndStreamAgree()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        TorchFile.Save(NestedState(), folder.File("a.pt"));
        TorchFile.Save(NestedState(), folder.File("b.pt"));
        using var memory = new MemoryStream();
        TorchFile.Save(NestedState(), memory);

        var first = File.ReadAllBytes(folder.File("a.pt"));
        Assert.That(File.ReadAllBytes(folder.File("b.pt")), Is.EqualTo(first));
        Assert.That(memory.ToArray(), Is.EqualTo(first));
    }

    [Test]
    public void RequiresGradIsKept()
    {
        using var scope = NewDisposeScope();
        var value = new List<Tensor> { ones(2).requires_grad_(), ones(2) };
        using var memory = new MemoryStream();
        TorchFile.Save(value, memory);
        memory.Position = 0;
        var loaded = (List<object?>)TorchFile.Load(memory)!;
        Assert.That(((Tensor)loaded[0]!).requires_grad, Is.True);
        Assert.That(((Tensor)loaded[1]!).requires_grad, Is.False);
    }

    [Test]
    public void UnsupportedValuesFailBeforeTheFileIsTouched()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var path = folder.File("state.pt");
        TorchFile.Save(new Dictionary<string, object?> { ["x"] = 1 }, path);
        var before = File.ReadAllBytes(path);

        Assert.That(() => TorchFile.Save(new Dictionary<string, object?> { ["when"] = DateTime.UnixEpoch }, path),
            Throws.ArgumentException.With.Message.Contains("value[when]").And.Message.Contains("System.DateTime"));
        var cycle = new object?[1];
        cycle[0] = cycle;
        Assert.That(() => TorchFile.Save(cycle, path), Throws.ArgumentException.With.Message.Contains("contains itself"));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
        Assert.That(folder.FileNames(), Is.EqualTo(new[] { "state.pt" }));
    }

    [Test]
    public void SelfReferencingListsRoundTrip()
    {
        var list = new List<object?> { 1L };
        list.Add(list);
        using var memory = new MemoryStream();
        TorchFile.Save(list, memory);
        memory.Position = 0;
        var loaded = (List<object?>)TorchFile.Load(memory)!;
        Assert.That(loaded[1], Is.SameAs(loaded));
    }

    /// <summary>A dictionary that implements only the generic read-only interface.</summary>
    private sealed class ReadOnlyOnly(Dictionary<string, int> inner) : IReadOnlyDictionary<string, int>
    {
        public int this[string key] => inner[key];
        public IEnumerable<string> Keys => inner.Keys;
        public IEnumerable<int> Values => inner.Values;
        public int Count => inner.Count;
        public bool ContainsKey(string key) => inner.ContainsKey(key);
        public bool TryGetValue(string key, out int value) => inner.TryGetValue(key, out value);
        public IEnumerator<KeyValuePair<string, int>> GetEnumerator() => inner.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Test]
    public void CommonDotNetCollectionsAndNumbersMapToPythonTypes()
    {
        using var scope = NewDisposeScope();
        var value = new Dictionary<string, object?>
        {
            ["strings"] = new[] { "a", "b" },
            ["tensors"] = new[] { ones(1), zeros(1) },
            ["sorted"] = new SortedDictionary<int, string> { [2] = "two", [1] = "one" },
            ["read_only"] = new ReadOnlyOnly(new Dictionary<string, int> { ["k"] = 3 }),
            ["tuple"] = Tuple.Create(1, "x"),
            ["numbers"] = new object[] { (short)-3, (byte)200, 7u, ulong.MaxValue, (sbyte)-1, (ushort)60000 },
        };
        using var memory = new MemoryStream();
        TorchFile.Save(value, memory);
        memory.Position = 0;

        var loaded = (OrderedDictionary<object, object?>)TorchFile.Load(memory)!;

        Assert.That(loaded["strings"], Is.EqualTo(new List<object?> { "a", "b" }));
        Assert.That(loaded["tensors"], Is.TypeOf<List<object?>>().And.Count.EqualTo(2));
        var sorted = (OrderedDictionary<object, object?>)loaded["sorted"]!;
        Assert.That(sorted.Keys, Is.EqualTo(new object[] { 1L, 2L }));
        Assert.That(((OrderedDictionary<object, object?>)loaded["read_only"]!)["k"], Is.EqualTo(3L));
        Assert.That(loaded["tuple"], Is.EqualTo(new object?[] { 1L, "x" }));
        Assert.That(loaded["numbers"], Is.EqualTo(new object?[] { -3L, 200L, 7L, new BigInteger(ulong.MaxValue), -1L, 60000L }));
    }
}
