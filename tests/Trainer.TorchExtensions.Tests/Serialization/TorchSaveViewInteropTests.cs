using System.Text.Json;
using Training.Testing;

namespace Training.TorchExtensions.Tests.Serialization;

/// <summary>
/// Views, non-contiguous tensors, storage offsets and bfloat16 across the Python boundary: a storage shared in one
/// runtime is shared in the other, and every tensor keeps its shape, strides, offset and values.
/// </summary>
public class TorchSaveViewInteropTests
{
    /// <summary>Python source defining <c>layout(dict)</c>: each tensor's geometry, storage (numbered by first use) and values.</summary>
    private const string Layout = """
        import json, torch

        def layout(tensors):
            storages = []
            def storage_index(t):
                p = t.storage().data_ptr()
                if p not in storages: storages.append(p)
                return storages.index(p)
            return {k: {'shape': list(v.shape), 'stride': list(v.stride()), 'offset': v.storage_offset(),
                        'storage': storage_index(v), 'storage_size': v.storage().size(), 'dtype': str(v.dtype)[len('torch.'):],
                        'values': v.double().flatten().tolist()} for k, v in tensors.items()}

        """;

    [Test]
    public void ViewsWrittenByPythonLoadAsTensorsSharingOneStorage()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var expected = PythonCanonical.Parse(PythonTorch.Run(Layout + """
            import os, sys
            base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
            half = torch.arange(12, dtype=torch.float32).mul(0.5).to(torch.bfloat16)
            lonely = torch.arange(10, dtype=torch.int64)
            views = {
                'base': base, 'row': base[2], 'column': base[:, 1], 't': base.t(), 'every_other': base[:, ::2],
                'window': base.view(-1)[5:11].view(2, 3), 'expanded': base[0, :2].expand(3, 2),
                'bf16': half, 'bf16_strided': half[1::3], 'bf16_t': half.view(3, 4).t(),
                'lonely_middle': lonely[3:7], 'lonely_t': lonely[:9].view(3, 3).t(),
            }
            torch.save(views, os.path.join(sys.argv[1], 'views.pt'))
            print(json.dumps(layout(views)))
            """, folder.Path));

        var loaded = ((OrderedDictionary<object, object?>)TorchFile.Load(folder.File("views.pt"))!).ToDictionary(p => (string)p.Key, p => (Tensor)p.Value!);

        Assert.That(loaded.Keys, Is.EqualTo(expected.EnumerateObject().Select(p => p.Name)), "names in Python's order");
        var storages = StorageIndices(loaded);
        foreach (var python in expected.EnumerateObject())
        {
            var tensor = loaded[python.Name];
            AssertGeometry(python.Value, tensor, python.Name);
            Assert.That(tensor.storage_offset(), Is.EqualTo(python.Value.GetProperty("offset").GetInt64()), $"{python.Name}: storage offset");
            Assert.That(storages[python.Name], Is.EqualTo(python.Value.GetProperty("storage").GetInt32()), $"{python.Name}: shared storage");
            Assert.That(tensor.requires_grad, Is.False, python.Name);
        }

        // One storage, as in Python: writing through one view is seen through the others.
        loaded["row"].fill_(Scalars.Keep(-1f));
        Assert.That(loaded["base"][2].ToArray<float>(), Is.All.EqualTo(-1f));
        Assert.That(loaded["column"].ToArray<float>(), Is.EqualTo(new float[] { 1, 7, -1, 19 }));
        Assert.That(loaded["t"].select(1, 2).ToArray<float>(), Is.All.EqualTo(-1f));
        loaded["bf16_strided"].zero_();
        Assert.That(loaded["bf16"].to(ScalarType.Float32).ToArray<float>(), Is.EqualTo(new[] { 0, 0, 1, 1.5f, 0, 2.5f, 3, 0, 4, 4.5f, 0, 5.5f }));
    }

    [Test]
    public void ViewsWrittenHereLoadInPythonSharingTheirStorages()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var matrix = arange(Scalars.Keep(24), ScalarType.Float32).reshape(4, 6);
        var half = arange(Scalars.Keep(12), ScalarType.Float32).mul(Scalars.Keep(0.5)).to(ScalarType.BFloat16);
        var tail = arange(Scalars.Keep(10), ScalarType.Int32);
        var views = new Dictionary<string, Tensor>
        {
            // No covering tensor is saved for these: the file holds the span of the storage they read.
            ["row"] = matrix[2], ["t"] = matrix.t(), ["every_other"] = matrix.slice(1, 0, 6, 2),
            ["window"] = matrix.view(-1).slice(0, 5, 11, 1).view(2, 3), ["expanded"] = matrix[0].slice(0, 0, 2, 1).expand(3, 2),
            ["bf16"] = half, ["bf16_strided"] = half.slice(0, 1, 12, 3), ["bf16_t"] = half.view(3, 4).t(),
            ["tail"] = tail.slice(0, 4, 10, 1), ["tail_strided"] = tail.slice(0, 6, 10, 2),
        };
        var live = Tensor.TotalCount;
        TorchFile.Save(views, folder.File("views.pt"));
        Assert.That(Tensor.TotalCount, Is.EqualTo(live), "the views saving creates over storage spans are freed");

        var python = PythonCanonical.Parse(PythonTorch.Run(Layout + """
            import sys
            print(json.dumps(layout(torch.load(sys.argv[1]))))
            """, folder.File("views.pt")));

        // Expected storages: the matrix (all 24 elements are read), the bf16 vector, and tail elements 4..9.
        var storage = new Dictionary<string, (int Index, long Size, long Start)>
        {
            ["row"] = (0, 24, 0), ["t"] = (0, 24, 0), ["every_other"] = (0, 24, 0), ["window"] = (0, 24, 0), ["expanded"] = (0, 24, 0),
            ["bf16"] = (1, 12, 0), ["bf16_strided"] = (1, 12, 0), ["bf16_t"] = (1, 12, 0),
            ["tail"] = (2, 6, 4), ["tail_strided"] = (2, 6, 4),
        };
        foreach (var (name, tensor) in views)
        {
            var loaded = python.GetProperty(name);
            AssertGeometry(loaded, tensor, name);
            Assert.That(loaded.GetProperty("storage").GetInt32(), Is.EqualTo(storage[name].Index), $"{name}: shared storage");
            Assert.That(loaded.GetProperty("storage_size").GetInt64(), Is.EqualTo(storage[name].Size), $"{name}: storage size");
            Assert.That(loaded.GetProperty("offset").GetInt64(), Is.EqualTo(tensor.storage_offset() - storage[name].Start), $"{name}: storage offset");
        }
    }

    [Test]
    public void ViewsRoundTripAsTensorsSharingOneStorage()
    {
        using var scope = NewDisposeScope();
        var matrix = arange(Scalars.Keep(20), ScalarType.Float64).reshape(4, 5);
        var value = new Dictionary<string, Tensor> { ["matrix"] = matrix, ["row"] = matrix[3], ["t"] = matrix.t(), ["column"] = matrix.select(1, 4) };
        using var memory = new MemoryStream();
        TorchFile.Save(value, memory);
        memory.Position = 0;
        var live = Tensor.TotalCount;
        var loaded = ((OrderedDictionary<object, object?>)TorchFile.Load(memory)!).ToDictionary(p => (string)p.Key, p => (Tensor)p.Value!);
        Assert.That(Tensor.TotalCount, Is.EqualTo(live + value.Count), "only the loaded tensors remain: the storage tensor is freed");

        foreach (var (name, tensor) in value)
        {
            TensorAssert.Same(tensor, loaded[name], name);
            Assert.That(loaded[name].stride(), Is.EqualTo(tensor.stride()), $"{name}: strides");
            Assert.That(loaded[name].storage_offset(), Is.EqualTo(tensor.storage_offset()), $"{name}: storage offset");
        }

        Assert.That(StorageIndices(loaded).Values, Is.All.Zero, "one storage");
        loaded["column"].fill_(Scalars.Keep(0.5));
        Assert.That(loaded["row"].ToArray<double>(), Is.EqualTo(new[] { 15, 16, 17, 18, 0.5 }));
        Assert.That(matrix[3].ToArray<double>(), Is.EqualTo(new double[] { 15, 16, 17, 18, 19 }), "the loaded storage is a copy, not the saved one");
    }

    /// <summary>Shape, strides, dtype and values of a tensor against Python's <c>layout</c> entry.</summary>
    private static void AssertGeometry(JsonElement python, Tensor tensor, string name)
    {
        Assert.That(tensor.shape, Is.EqualTo(python.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())), $"{name}: shape");
        Assert.That(tensor.stride(), Is.EqualTo(python.GetProperty("stride").EnumerateArray().Select(e => e.GetInt64())), $"{name}: strides");
        Assert.That(tensor.dtype, Is.EqualTo(python.GetProperty("dtype").GetString() switch
        {
            "float32" => ScalarType.Float32, "bfloat16" => ScalarType.BFloat16, "int64" => ScalarType.Int64, "int32" => ScalarType.Int32,
            var other => throw new AssertionException($"{name}: unexpected dtype {other}"),
        }), $"{name}: dtype");
        Assert.That(tensor.to(ScalarType.Float64).ToArray<double>(), Is.EqualTo(python.GetProperty("values").EnumerateArray().Select(e => e.GetDouble())), $"{name}: values");
    }

    /// <summary>Each tensor's storage numbered by first use, from the storage addresses.</summary>
    private static Dictionary<string, int> StorageIndices(Dictionary<string, Tensor> tensors)
    {
        var addresses = new List<nint>();
        return tensors.ToDictionary(p => p.Key, p =>
        {
            var address = TensorMemory.StorageAddress(p.Value);
            if (!addresses.Contains(address)) addresses.Add(address);
            return addresses.IndexOf(address);
        });
    }
}
