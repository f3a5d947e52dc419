using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using static Training.TorchExtensions.PickleOpcodes;

namespace Training.TorchExtensions;

/// <summary>
/// Turns an object graph (the model documented on <see cref="TorchFile.Save(object?, string)"/>) into a
/// protocol-2 pickle as Python's <c>torch.save</c> writes it: tensors become
/// <c>torch._utils._rebuild_tensor_v2(persistent_load(('storage', torch.FloatStorage, key, 'cpu', numel)), ...)</c>.
/// It runs twice: a first pass only observes the tensors so the <see cref="StoragePlan"/> can find shared
/// storages, the second pass writes. Containers, tensors, strings and globals are memoised, so an object
/// referenced twice is loaded as one object in Python.
/// </summary>
internal sealed class TorchPickler
{
    private const int BatchSize = 1000; // CPython's batch size for APPENDS / SETITEMS.

    private readonly PickleWriter writer = new();
    private readonly StoragePlan plan;
    private readonly bool observing;
    private readonly Dictionary<object, int> memo = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> memoisedStrings = new(StringComparer.Ordinal);
    private readonly HashSet<object> openTuples = new(ReferenceEqualityComparer.Instance);

    private TorchPickler(StoragePlan plan, bool observing)
    {
        this.plan = plan;
        this.observing = observing;
    }

    /// <summary>The pickle bytes of <paramref name="value"/> and the storages its tensors refer to, in key order.</summary>
    public static (byte[] Pickle, IReadOnlyList<StorageRecord> Storages) Pickle(object? value)
    {
        var plan = new StoragePlan();
        new TorchPickler(plan, observing: true).Save(value, "value");
        plan.Seal();
        var pickler = new TorchPickler(plan, observing: false);
        pickler.writer.Proto();
        pickler.Save(value, "value");
        pickler.writer.Op(Stop);
        return (pickler.writer.ToArray(), plan.Records);
    }

    private void Save(object? value, string path)
    {
        if (value is not null && !value.GetType().IsValueType && memo.TryGetValue(value, out var slot))
        {
            writer.Get(slot);
            return;
        }

        switch (value)
        {
            case null: writer.Op(PickleOpcodes.None); break;
            case bool b: writer.Bool(b); break;
            case string s: SaveString(s); break;
            case long or int or short or sbyte or byte or ushort or uint: writer.Int(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case ulong u: SaveInteger(u); break;
            case BigInteger big: SaveInteger(big); break;
            case double d: writer.Float(d); break;
            case float f: writer.Float(f); break;
            case byte[] bytes: SaveBytes(bytes); break;
            case Tensor tensor: SaveTensor(tensor, path); break;
            // Exactly object?[]: array covariance would otherwise make string[] or Tensor[] a tuple rather than a list.
            case object?[] tuple when tuple.GetType() == typeof(object[]): SaveTuple(tuple, path); break;
            case ITuple tuple: SaveTuple(Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToArray(), path); break;
            default:
                if (PickleDictionaries.Entries(value) is { } entries) SaveDict(value, entries, path);
                else if (value is IEnumerable items) SaveList(value, items, path);
                else throw new ArgumentException($"torch.save cannot store {path}: values of type {value.GetType()} have no Python equivalent");
                break;
        }
    }

    private void Memoise(object value) => memo[value] = writer.Put();

    private void SaveString(string value)
    {
        if (memoisedStrings.TryGetValue(value, out var slot))
        {
            writer.Get(slot);
            return;
        }

        writer.Unicode(value);
        memoisedStrings[value] = writer.Put();
    }

    private void SaveInteger(BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue) writer.Int((long)value);
        else writer.Long(value);
    }

    private void SaveGlobal(string module, string name) => SaveMemoisedKey($"\0global:{module}.{name}", () => writer.Global(module, name));

    /// <summary>Globals share the string memo under a key no Python string can collide with (it starts with NUL).</summary>
    private void SaveMemoisedKey(string key, Action emit)
    {
        if (memoisedStrings.TryGetValue(key, out var slot))
        {
            writer.Get(slot);
            return;
        }

        emit();
        memoisedStrings[key] = writer.Put();
    }

    /// <summary>Python 3 pickles bytes at protocol 2 as <c>_codecs.encode(latin-1 text, 'latin1')</c>.</summary>
    private void SaveBytes(byte[] bytes)
    {
        SaveGlobal("_codecs", "encode");
        writer.Unicode(Encoding.Latin1.GetString(bytes));
        SaveString("latin1");
        writer.Op(Tuple2);
        writer.Op(PickleOpcodes.Reduce);
        Memoise(bytes);
    }

    private void SaveTuple(object?[] items, string path)
    {
        if (!openTuples.Add(items)) throw new ArgumentException($"torch.save cannot store {path}: a tuple that contains itself");
        if (items.Length == 0) writer.Op(EmptyTuple);
        if (items.Length > 3) writer.Op(Mark);
        for (var i = 0; i < items.Length; i++) Save(items[i], $"{path}[{i}]");
        if (items.Length > 0) writer.Op(items.Length switch { 1 => Tuple1, 2 => Tuple2, 3 => Tuple3, _ => PickleOpcodes.Tuple });
        openTuples.Remove(items);
        Memoise(items);
    }

    private void SaveList(object list, IEnumerable items, string path)
    {
        writer.Op(EmptyList);
        Memoise(list);
        var index = 0;
        SaveBatched(items.Cast<object?>(), item => Save(item, $"{path}[{index++}]"), Append, Appends);
    }

    private void SaveDict(object dictionary, IEnumerable<(object? Key, object? Value)> entries, string path)
    {
        writer.Op(EmptyDict);
        Memoise(dictionary);
        SaveBatched(entries, entry =>
        {
            Save(entry.Key, $"a key of {path}");
            Save(entry.Value, $"{path}[{entry.Key}]");
        }, SetItem, SetItems);
    }

    /// <summary>Items in chunks of <see cref="BatchSize"/>: one item with the single opcode, more between MARK and the batch opcode.</summary>
    private void SaveBatched<T>(IEnumerable<T> items, Action<T> save, byte single, byte batch)
    {
        foreach (var chunk in items.Chunk(BatchSize))
        {
            if (chunk.Length > 1) writer.Op(Mark);
            foreach (var item in chunk) save(item);
            writer.Op(chunk.Length > 1 ? batch : single);
        }
    }

    private void SaveTensor(Tensor tensor, string path)
    {
        if (observing)
        {
            TensorBytes.ThrowIfDisposed(tensor, path);
            plan.Observe(tensor);
            Memoise(tensor);
            return;
        }

        var placement = plan.Place(tensor);
        SaveGlobal("torch._utils", "_rebuild_tensor_v2");
        writer.Op(Mark);
        writer.Op(Mark);
        SaveString("storage");
        SaveGlobal("torch", TorchStorageTypes.Classes.NameOf(placement.Storage.DType));
        SaveString(placement.Storage.Key);
        SaveString("cpu");
        writer.Int(placement.Storage.Numel);
        writer.Op(PickleOpcodes.Tuple);
        writer.Op(BinPersId);
        writer.Int(placement.Offset);
        SaveTuple(tensor.shape.Cast<object?>().ToArray(), "a shape");
        SaveTuple(placement.Stride.Cast<object?>().ToArray(), "a stride");
        writer.Bool(tensor.requires_grad);
        SaveGlobal("collections", "OrderedDict");
        writer.Op(EmptyTuple);
        writer.Op(PickleOpcodes.Reduce);
        writer.Op(PickleOpcodes.Tuple);
        writer.Op(PickleOpcodes.Reduce);
        Memoise(tensor);
    }
}
