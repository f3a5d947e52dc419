using System.Collections;

namespace Training.TorchExtensions.Tests.Serialization;

/// <summary>Deep equality of loaded object graphs: tensors by dtype, shape and bytes; tuples and lists by items.</summary>
internal static class TensorAssert
{
    public static void Same(Tensor expected, Tensor actual, string what = "tensor")
    {
        Assert.That(actual.dtype, Is.EqualTo(expected.dtype), $"{what}: dtype");
        Assert.That(actual.shape, Is.EqualTo(expected.shape), $"{what}: shape");
        Assert.That(actual.ToBytes(), Is.EqualTo(expected.ToBytes()), $"{what}: bytes");
    }

    public static void Graph(object? expected, object? actual, string path = "value")
    {
        switch (expected)
        {
            case Tensor t:
                Assert.That(actual, Is.InstanceOf<Tensor>(), path);
                Same(t, (Tensor)actual!, path);
                break;
            case IDictionary dictionary:
                var loaded = actual as OrderedDictionary<object, object?>;
                Assert.That(loaded, Is.Not.Null, $"{path} should load as a dictionary");
                var keys = dictionary.Keys.Cast<object>().ToArray();
                Assert.That(loaded!.Keys.Select((key, i) => PickleKeyComparer.Instance.Equals(key, keys[i])), Has.Exactly(keys.Length).Items.And.All.True,
                    $"{path}: keys in order, expected {string.Join(", ", keys)} but found {string.Join(", ", loaded.Keys)}");
                foreach (DictionaryEntry entry in dictionary) Graph(entry.Value, loaded[entry.Key], $"{path}[{entry.Key}]");
                break;
            case object?[] tuple:
                Assert.That(actual, Is.InstanceOf<object?[]>(), $"{path} should load as a tuple");
                Items(tuple, (object?[])actual!, path);
                break;
            case byte[] or string or null:
                Assert.That(actual, Is.EqualTo(expected), path);
                break;
            case IEnumerable list:
                Assert.That(actual, Is.InstanceOf<List<object?>>(), $"{path} should load as a list");
                Items(list.Cast<object?>().ToArray(), ((List<object?>)actual!).ToArray(), path);
                break;
            default:
                Assert.That(actual, Is.EqualTo(expected).And.TypeOf(expected.GetType()), path);
                break;
        }
    }

    private static void Items(object?[] expected, object?[] actual, string path)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), $"{path}: length");
        for (var i = 0; i < expected.Length; i++) Graph(expected[i], actual[i], $"{path}[{i}]");
    }
}
