using System.IO.Compression;
using System.Text;

namespace Training.TorchExtensions;

/// <summary>
/// The allow-list of a torch.save file, the safe equivalent of <c>torch.load(weights_only=True)</c>:
/// <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>, <c>torch._utils._rebuild_parameter</c>
/// (and <c>_rebuild_parameter_with_state</c>), the typed storage classes <c>torch.FloatStorage</c> ...
/// <c>torch.BoolStorage</c>, and <c>_codecs.encode</c> / <c>builtins.bytes</c>, through which Python
/// pickles <c>bytes</c> at protocol 2. Each is implemented here in managed code; any other global,
/// for instance <c>os.system</c> or <c>torch.storage._load_from_bytes</c>, is refused by name.
/// </summary>
internal sealed class TorchPickleResolver : IPickleResolver, IDisposable
{
    private readonly string name;
    private readonly Func<string, ZipArchiveEntry> findStorage;
    private readonly Dictionary<string, LoadedStorage> storages = new(StringComparer.Ordinal);

    /// <param name="name">Names the file in errors.</param>
    /// <param name="findStorage">The archive entry of a storage key; throws when there is none.</param>
    public TorchPickleResolver(string name, Func<string, ZipArchiveEntry> findStorage)
    {
        this.name = name;
        this.findStorage = findStorage;
    }

    /// <summary>Every tensor created so far, so a failed load can free them.</summary>
    public List<Tensor> Created { get; } = [];

    /// <summary>
    /// Frees the storage tensors. The loaded tensors hold their own references to the native storages, so this runs
    /// after every load, successful or not.
    /// </summary>
    public void Dispose()
    {
        foreach (var storage in storages.Values) storage.Data.Dispose();
        storages.Clear();
    }

    private sealed record Callable(string Name, Func<object?[], object?> Invoke);

    private sealed record StorageClass(string Name, ScalarType DType);

    public object ResolveGlobal(string module, string name)
    {
        var full = $"{module}.{name}";
        if (module == "torch" && TorchStorageTypes.Classes.TryParse(name, out var dtype)) return new StorageClass(full, dtype);
        return full switch
        {
            "collections.OrderedDict" => new Callable(full, OrderedDict),
            "torch._utils._rebuild_tensor_v2" => new Callable(full, RebuildTensor),
            "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state" => new Callable(full, RebuildParameter),
            "_codecs.encode" => new Callable(full, Encode),
            "builtins.bytes" or "__builtin__.bytes" => new Callable(full, EmptyBytes),
            _ => throw Bad($"the pickle refers to the global '{full}', which is not allowed: loading only rebuilds " +
                           "tensors, storages, OrderedDicts and bytes, and never runs code"),
        };
    }

    public object? Call(object? callable, object?[] arguments) =>
        callable is Callable c ? c.Invoke(arguments) : throw Bad($"REDUCE calls {Describe(callable)}, which is not callable");

    public object? PersistentLoad(object? id)
    {
        if (id is not object?[] { Length: 5 } record || record[0] is not "storage")
            throw Bad($"a persistent id is {Describe(id)}, expected ('storage', class, key, location, numel)");
        var type = record[1] as StorageClass ?? throw Bad($"a storage record names {Describe(record[1])} instead of a storage class");
        var key = record[2] as string ?? throw Bad("a storage record has a key that is not a string");
        var numel = record[4] as long? ?? throw Bad($"storage '{key}' has an element count that is not an integer");
        if (storages.TryGetValue(key, out var known)) return known;
        var entry = findStorage(key);
        var needed = (Int128)numel * type.DType.ElementSize();
        if (numel < 0 || entry.Length < needed)
            throw Bad($"entry '{entry.FullName}' (storage '{key}') is {entry.Length} bytes, its {numel} elements of {type.Name} need {needed}");
        var data = StorageReader.Read(entry, type.DType, numel, (problem, inner) => FormatErrors.TorchSave(name, $"storage '{key}' ('{entry.FullName}') {problem}", inner));
        return storages[key] = new LoadedStorage(key, type.DType, numel, data);
    }

    public void Build(object? target, object? state)
    {
        // Python sets attributes (e.g. a module state_dict's `_metadata`) on OrderedDicts with BUILD; they carry no tensors.
        if (target is OrderedDictionary<object, object?>) return;
        throw Bad($"BUILD applies state to {Describe(target)}, which is not allowed");
    }

    private object OrderedDict(object?[] arguments)
    {
        var dictionary = PickleReader.NewDictionary();
        if (arguments.Length == 0) return dictionary;
        if (arguments is not [List<object?> pairs]) throw Bad("collections.OrderedDict gets arguments other than a list of pairs");
        foreach (var pair in pairs)
        {
            if (pair is not object?[] { Length: 2 } kv || kv[0] is null) throw Bad("collections.OrderedDict gets an item that is not a (key, value) pair");
            dictionary[kv[0]!] = kv[1];
        }

        return dictionary;
    }

    /// <summary><c>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])</c>.</summary>
    private object RebuildTensor(object?[] arguments)
    {
        const string function = "torch._utils._rebuild_tensor_v2";
        if (arguments.Length is < 6 or > 7) throw Bad($"{function} gets {arguments.Length} arguments, expected 6 or 7");
        var storage = Argument<LoadedStorage>(arguments, 0, function);
        var offset = Argument<long>(arguments, 1, function);
        var size = Integers(Argument<object?[]>(arguments, 2, function), function);
        var stride = Integers(Argument<object?[]>(arguments, 3, function), function);
        var requiresGrad = Argument<bool>(arguments, 4, function);
        var tensor = StridedStorage.ToTensor(storage, offset, size, stride, problem => Bad(problem));
        Created.Add(tensor);
        if (requiresGrad) tensor.requires_grad_();
        return tensor;
    }

    /// <summary><c>_rebuild_parameter(data, requires_grad, backward_hooks[, state])</c>: the tensor with its requires_grad flag.</summary>
    private object RebuildParameter(object?[] arguments)
    {
        const string function = "torch._utils._rebuild_parameter";
        if (arguments.Length is < 3 or > 4) throw Bad($"{function} gets {arguments.Length} arguments, expected 3 or 4");
        var data = Argument<Tensor>(arguments, 0, function);
        return data.requires_grad_(Argument<bool>(arguments, 1, function));
    }

    /// <summary><c>_codecs.encode(text, 'latin1')</c>: how protocol 2 stores <c>bytes</c>.</summary>
    private object Encode(object?[] arguments)
    {
        if (arguments is not [string text, "latin1" or "latin-1"]) throw Bad("_codecs.encode is only allowed as encode(str, 'latin1')");
        // Encoding.Latin1 would silently turn other characters into '?'.
        if (text.Any(c => c > '\u00ff')) throw Bad("_codecs.encode gets text outside latin-1");
        return Encoding.Latin1.GetBytes(text);
    }

    private object EmptyBytes(object?[] arguments) =>
        arguments.Length == 0 ? Array.Empty<byte>() : throw Bad("builtins.bytes is only allowed without arguments (b'')");

    private T Argument<T>(object?[] arguments, int index, string function) =>
        arguments[index] is T value ? value : throw Bad($"{function} argument {index} is {Describe(arguments[index])}, expected {typeof(T).Name}");

    private long[] Integers(object?[] items, string function) =>
        items.Select(item => item as long? ?? throw Bad($"{function} gets a size or stride entry that is {Describe(item)}")).ToArray();

    private static string Describe(object? value) => value switch
    {
        null => "None",
        Callable c => c.Name,
        StorageClass s => s.Name,
        _ => value.GetType().Name,
    };

    private InvalidDataException Bad(string problem) => FormatErrors.TorchSave(name, problem);
}
