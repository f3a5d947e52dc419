using Training.Testing;
namespace Training.TorchExtensions.Tests.Serialization;

/// <summary>
/// Python's <c>safetensors</c> package is not installed on the build machine, so the scripts here read
/// and write the format with struct and json, following the specification.
/// </summary>
public class SafeTensorsPythonInteropTests
{
    private const string DTypes = """
        DTYPES = {'F64': torch.float64, 'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16,
                  'I64': torch.int64, 'I32': torch.int32, 'I16': torch.int16, 'I8': torch.int8,
                  'U8': torch.uint8, 'BOOL': torch.bool}

        """;

    [Test]
    public void PythonReadsAFileWrittenHere()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var tensors = new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64, ScalarType.Int32,
                              ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool }
            .ToDictionary(d => $"sample.{d}", SafeTensorsRoundTripTests.Sample);
        tensors["transposed"] = arange(Scalars.Keep(6), ScalarType.Float32).reshape(2, 3).t();
        tensors["empty"] = zeros([0, 2]);
        SafeTensors.Save(tensors, folder.File("model.safetensors"), new Dictionary<string, string> { ["format"] = "pt" });

        var output = PythonCanonical.Parse(PythonTorch.Run(PythonCanonical.Function + DTypes + """
            import json, struct, sys
            raw = open(sys.argv[1], 'rb').read()
            (n,) = struct.unpack('<Q', raw[:8])
            assert n % 8 == 0, n
            header = json.loads(raw[8:8 + n].decode('utf-8'))
            metadata = header.pop('__metadata__', {})
            data = raw[8 + n:]
            assert list(header) == sorted(header), 'entries are written in name order'
            position, loaded = 0, {}
            for name, entry in header.items():
                begin, end = entry['data_offsets']
                assert begin == position, (name, begin, position)
                position = end
                dtype = DTYPES[entry['dtype']]
                flat = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.uint8) if end > begin else torch.empty(0, dtype=torch.uint8)
                loaded[name] = flat.view(dtype).reshape(entry['shape'])
            assert position == len(data), 'the buffer is covered exactly'
            print(json.dumps({'metadata': metadata, 'tensors': canon(loaded)}))
            """, folder.File("model.safetensors")));

        Assert.That(output.GetProperty("metadata").GetProperty("format").GetString(), Is.EqualTo("pt"));
        var expected = new OrderedDictionary<object, object?>();
        foreach (var (name, tensor) in tensors.OrderBy(p => p.Key, StringComparer.Ordinal)) expected.Add(name, tensor);
        PythonCanonical.AssertMatches(output.GetProperty("tensors"), expected);
    }

    [Test]
    public void AFileWrittenByPythonLoadsHere()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var path = folder.File("python.safetensors");

        var output = PythonCanonical.Parse(PythonTorch.Run(PythonCanonical.Function + DTypes + """
            import json, struct, sys
            torch.manual_seed(0)
            tensors = {'w': torch.randn(3, 4), 'ids': torch.tensor([[1, 2 ** 40]]), 'bf': torch.tensor([1.5, -2.0], dtype=torch.bfloat16),
                       'mask': torch.tensor([True, False, True]), 'e': torch.zeros(0), 'h': torch.tensor([0.25], dtype=torch.float16),
                       'd': torch.tensor(2.5, dtype=torch.float64)}
            codes = {v: k for k, v in DTYPES.items()}
            header, blobs, position = {'__metadata__': {'format': 'pt', 'source': 'python'}}, [], 0
            for name, t in tensors.items():  # insertion order, not sorted: readers must not care
                blob = t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
                header[name] = {'dtype': codes[t.dtype], 'shape': list(t.shape), 'data_offsets': [position, position + len(blob)]}
                position += len(blob)
                blobs.append(blob)
            text = json.dumps(header).encode('utf-8')
            text += b' ' * (-len(text) % 8)
            with open(sys.argv[1], 'wb') as f:
                f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))
            print(json.dumps(canon(tensors)))
            """, path));

        var loaded = SafeTensors.Load(path);
        var inPythonOrder = new OrderedDictionary<object, object?>();
        foreach (var pair in output.GetProperty("dict").EnumerateArray())
        {
            var name = pair[0].GetProperty("str").GetString()!;
            inPythonOrder.Add(name, loaded[name]);
        }

        PythonCanonical.AssertMatches(output, inPythonOrder);
        Assert.That(loaded, Has.Count.EqualTo(inPythonOrder.Count));
        Assert.That(SafeTensors.ReadHeader(path).Metadata, Is.EqualTo(new Dictionary<string, string> { ["format"] = "pt", ["source"] = "python" }));
    }
}
