using System.Numerics;
using System.Text.Json;

namespace Training.TorchExtensions.Tests.Serialization;

/// <summary>
/// A JSON form of Python values that keeps the distinctions JSON loses (int vs float vs bool, tuple vs
/// list, dict key types, tensor dtypes). Python scripts print <see cref="Function"/>'s output and the
/// tests compare it with what TorchFile / SafeTensors loaded, so every value is checked against Python itself.
/// </summary>
internal static class PythonCanonical
{
    /// <summary>Python source defining <c>canon(value)</c>.</summary>
    public const string Function = """
        import torch

        def canon(x):
            if isinstance(x, torch.Tensor):
                wide = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
                return {"tensor": str(x.dtype)[len("torch."):], "shape": list(x.shape),
                        "values": wide.flatten().tolist(), "requires_grad": x.requires_grad}
            if isinstance(x, bool): return {"bool": x}
            if isinstance(x, int): return {"int": str(x)}
            if isinstance(x, float): return {"float": repr(x)}
            if isinstance(x, str): return {"str": x}
            if isinstance(x, bytes): return {"bytes": x.hex()}
            if x is None: return None
            if isinstance(x, dict): return {"dict": [[canon(k), canon(v)] for k, v in x.items()]}
            if isinstance(x, list): return {"list": [canon(v) for v in x]}
            if isinstance(x, tuple): return {"tuple": [canon(v) for v in x]}
            raise TypeError(type(x))

        """;

    private static readonly Dictionary<ScalarType, string> PythonNames = new()
    {
        [ScalarType.Float32] = "float32", [ScalarType.Float64] = "float64", [ScalarType.Float16] = "float16",
        [ScalarType.BFloat16] = "bfloat16", [ScalarType.Int64] = "int64", [ScalarType.Int32] = "int32",
        [ScalarType.Int16] = "int16", [ScalarType.Int8] = "int8", [ScalarType.Byte] = "uint8", [ScalarType.Bool] = "bool",
    };

    /// <summary>Asserts that <paramref name="actual"/> (loaded here) equals the canonical Python value <paramref name="expected"/>.</summary>
    public static void AssertMatches(JsonElement expected, object? actual, string path = "value")
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.That(actual, Is.Null, path);
            return;
        }

        var property = expected.EnumerateObject().First();
        var value = property.Value;
        switch (property.Name)
        {
            case "tensor": AssertTensor(expected, actual as Tensor ?? throw new AssertionException($"{path}: expected a tensor, got {actual}"), path); break;
            case "bool": Assert.That(actual, Is.EqualTo(value.GetBoolean()), path); break;
            case "int": Assert.That(actual is BigInteger big ? big : Convert.ToInt64(actual, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(BigInteger.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture)), path); break;
            case "float": Assert.That(actual, Is.EqualTo(Float(value.GetString()!)).And.TypeOf<double>(), path); break;
            case "str": Assert.That(actual, Is.EqualTo(value.GetString()), path); break;
            case "bytes": Assert.That(actual, Is.EqualTo(Convert.FromHexString(value.GetString()!)), path); break;
            case "list": Items(value, ((List<object?>)actual!).ToArray(), path); break;
            case "tuple": Items(value, (object?[])actual!, path); break;
            case "dict": AssertDictionary(value, (OrderedDictionary<object, object?>)actual!, path); break;
            default: Assert.Fail($"{path}: unknown canonical form {property.Name}"); break;
        }
    }

    private static void AssertDictionary(JsonElement pairs, OrderedDictionary<object, object?> actual, string path)
    {
        Assert.That(actual, Has.Count.EqualTo(pairs.GetArrayLength()), $"{path}: entry count");
        var i = 0;
        foreach (var pair in pairs.EnumerateArray())
        {
            var (key, value) = actual.GetAt(i++);
            AssertMatches(pair[0], key, $"{path}: key {i - 1}");
            AssertMatches(pair[1], value, $"{path}[{key}]");
        }
    }

    private static void Items(JsonElement expected, object?[] actual, string path)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.GetArrayLength()), $"{path}: length");
        var i = 0;
        foreach (var item in expected.EnumerateArray()) AssertMatches(item, actual[i], $"{path}[{i++}]");
    }

    private static void AssertTensor(JsonElement expected, Tensor actual, string path)
    {
        Assert.That(PythonNames[actual.dtype], Is.EqualTo(expected.GetProperty("tensor").GetString()), $"{path}: dtype");
        Assert.That(actual.shape, Is.EqualTo(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())), $"{path}: shape");
        Assert.That(actual.requires_grad, Is.EqualTo(expected.GetProperty("requires_grad").GetBoolean()), $"{path}: requires_grad");
        var values = expected.GetProperty("values").EnumerateArray();
        if (actual.dtype == ScalarType.Bool)
            Assert.That(actual.ToArray<bool>(), Is.EqualTo(values.Select(e => e.GetBoolean())), $"{path}: values");
        else if (is_floating_point(actual.dtype))
            Assert.That(actual.detach().to(ScalarType.Float64).ToArray<double>(), Is.EqualTo(values.Select(e => e.GetDouble())), $"{path}: values");
        else
            Assert.That(actual.to(ScalarType.Int64).ToArray<long>(), Is.EqualTo(values.Select(e => e.GetInt64())), $"{path}: values");
    }

    /// <summary>Python's repr of a float (JSON has no infinities).</summary>
    private static double Float(string repr) => repr switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(repr, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Parses the canonical JSON printed by a script.</summary>
    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
