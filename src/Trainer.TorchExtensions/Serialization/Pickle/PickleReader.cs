using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using static Training.TorchExtensions.PickleOpcodes;

namespace Training.TorchExtensions;

/// <summary>
/// A restricted unpickler: a stack machine over the data opcodes of protocols 2 to 5 that never imports
/// or calls anything itself. Globals, calls, persistent ids and BUILD go to an <see cref="IPickleResolver"/>
/// (the allow-list). Every malformed input (truncation, unknown opcode, stack underflow, bad memo slot,
/// wrong container types) raises <see cref="InvalidDataException"/> naming the file and the offset.
/// </summary>
internal sealed class PickleReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] data;
    private readonly string name;
    private readonly IPickleResolver resolver;
    private readonly List<object?> stack = [];
    private readonly List<int> marks = [];
    private readonly Dictionary<long, object?> memo = [];
    private int position;
    private int opcodeStart;

    public PickleReader(byte[] data, string name, IPickleResolver resolver)
    {
        this.data = data;
        this.name = name;
        this.resolver = resolver;
    }

    /// <summary>Runs the pickle to its STOP opcode and returns the value it built.</summary>
    public object? Load()
    {
        while (true)
        {
            opcodeStart = position;
            var opcode = Byte();
            if (opcode == Stop) return PopValue();
            Execute(opcode);
        }
    }

    private void Execute(byte opcode)
    {
        switch (opcode)
        {
            case PickleOpcodes.Proto: CheckProtocol(Byte()); break;
            case Frame: Bytes(8); break;
            case Mark: marks.Add(stack.Count); break;
            case Pop: if (stack.Count > CurrentMark) PopValue(); else PopToMark(); break;
            case PopMark: PopToMark(); break;
            case Dup: Push(Peek()); break;
            case PickleOpcodes.None: Push(null); break;
            case NewTrue: Push(true); break;
            case NewFalse: Push(false); break;
            case BinInt: Push((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))); break;
            case BinInt1: Push((long)Byte()); break;
            case BinInt2: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))); break;
            case Long1: Push(Integer(Bytes(Byte()))); break;
            case Long4: Push(Integer(Bytes(Length(BinaryPrimitives.ReadInt32LittleEndian(Bytes(4)))))); break;
            case BinFloat: Push(BinaryPrimitives.ReadDoubleBigEndian(Bytes(8))); break;
            case ShortBinUnicode: Push(Text(Bytes(Byte()))); break;
            case BinUnicode: Push(Text(Bytes(Length(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)))))); break;
            case BinUnicode8: Push(Text(Bytes(Length(BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8)))))); break;
            case ShortBinBytes: Push(Bytes(Byte()).ToArray()); break;
            case BinBytes: Push(Bytes(Length(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)))).ToArray()); break;
            case BinBytes8: Push(Bytes(Length(BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8)))).ToArray()); break;
            case EmptyTuple: Push(Array.Empty<object?>()); break;
            case Tuple1: Push(PopMany(1)); break;
            case Tuple2: Push(PopMany(2)); break;
            case Tuple3: Push(PopMany(3)); break;
            case PickleOpcodes.Tuple: Push(PopToMark()); break;
            case EmptyList: Push(new List<object?>()); break;
            case PickleOpcodes.List: Push(new List<object?>(PopToMark())); break;
            case Append: AppendOne(); break;
            case Appends: AppendMany(); break;
            case EmptyDict: Push(NewDictionary()); break;
            case PickleOpcodes.Dict: Push(ApplyItems(NewDictionary(), PopToMark())); break;
            case SetItem: SetOne(); break;
            case SetItems: SetMany(); break;
            case BinPut: memo[Byte()] = Peek(); break;
            case LongBinPut: memo[BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4))] = Peek(); break;
            case Memoize: memo[memo.Count] = Peek(); break;
            case BinGet: Push(Recall(Byte())); break;
            case LongBinGet: Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)))); break;
            case PickleOpcodes.Global: Push(resolver.ResolveGlobal(Line(), Line())); break;
            case StackGlobal: StackGlobalOp(); break;
            case PickleOpcodes.Reduce: ReduceOp(); break;
            case Build: BuildOp(); break;
            case BinPersId: Push(resolver.PersistentLoad(PopValue())); break;
            case NewObj: throw Bad("NEWOBJ (creating an instance of a class) is not allowed");
            default: throw Bad($"unsupported pickle opcode 0x{opcode:x2}");
        }
    }

    private void CheckProtocol(byte protocol)
    {
        if (protocol > 5) throw Bad($"pickle protocol {protocol} is newer than the highest known (5)");
    }

    /// <summary>The dictionary type every Python dict and OrderedDict loads as.</summary>
    public static OrderedDictionary<object, object?> NewDictionary() => new(PickleKeyComparer.Instance);

    private int CurrentMark => marks.Count == 0 ? 0 : marks[^1];

    private void Push(object? value) => stack.Add(value);

    private object? Peek() => stack.Count > CurrentMark ? stack[^1] : throw Bad("the stack is empty where a value is needed");

    private object? PopValue()
    {
        var value = Peek();
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object?[] PopMany(int count)
    {
        if (stack.Count - CurrentMark < count) throw Bad($"the stack has fewer than {count} values for a tuple");
        var items = stack.GetRange(stack.Count - count, count).ToArray();
        stack.RemoveRange(stack.Count - count, count);
        return items;
    }

    private object?[] PopToMark()
    {
        if (marks.Count == 0) throw Bad("an opcode needs a MARK but none is open");
        var start = marks[^1];
        marks.RemoveAt(marks.Count - 1);
        var items = stack.GetRange(start, stack.Count - start).ToArray();
        stack.RemoveRange(start, stack.Count - start);
        return items;
    }

    private T Top<T>(string opcode) where T : class =>
        Peek() as T ?? throw Bad($"{opcode} applies to a {typeof(T).Name}, but the stack holds {Describe(Peek())}");

    private void AppendOne()
    {
        var item = PopValue();
        Top<List<object?>>("APPEND").Add(item);
    }

    private void AppendMany()
    {
        var items = PopToMark();
        Top<List<object?>>("APPENDS").AddRange(items);
    }

    private void SetOne()
    {
        var value = PopValue();
        var key = PopValue();
        ApplyItems(Top<OrderedDictionary<object, object?>>("SETITEM"), [key, value]);
    }

    private void SetMany()
    {
        var items = PopToMark();
        ApplyItems(Top<OrderedDictionary<object, object?>>("SETITEMS"), items);
    }

    private OrderedDictionary<object, object?> ApplyItems(OrderedDictionary<object, object?> dictionary, object?[] items)
    {
        if (items.Length % 2 != 0) throw Bad("a dictionary gets an odd number of keys and values");
        for (var i = 0; i < items.Length; i += 2)
        {
            var key = items[i] ?? throw Bad("a dictionary key is None, which cannot be represented");
            if (key is List<object?> or OrderedDictionary<object, object?>) throw Bad($"a dictionary key is {Describe(key)}, which Python cannot hash");
            dictionary[key] = items[i + 1];
        }

        return dictionary;
    }

    private object? Recall(long slot) => memo.TryGetValue(slot, out var value) ? value : throw Bad($"memo slot {slot} is read before it is written");

    private void StackGlobalOp()
    {
        var global = PopValue() as string;
        var module = PopValue() as string;
        if (global is null || module is null) throw Bad("STACK_GLOBAL needs two strings");
        Push(resolver.ResolveGlobal(module, global));
    }

    private void ReduceOp()
    {
        var arguments = PopValue() as object?[] ?? throw Bad("REDUCE needs a tuple of arguments");
        var callable = PopValue();
        Push(resolver.Call(callable, arguments));
    }

    private void BuildOp()
    {
        var state = PopValue();
        resolver.Build(Peek(), state);
    }

    private static object Integer(ReadOnlySpan<byte> littleEndian)
    {
        var value = new BigInteger(littleEndian, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    private string Text(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw Bad($"a string is not valid UTF-8 ({e.Message})");
        }
    }

    /// <summary>A newline-terminated ASCII line (the operands of GLOBAL).</summary>
    private string Line()
    {
        var end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0) throw Bad("the pickle is truncated inside a GLOBAL name");
        var text = Encoding.ASCII.GetString(data, position, end - position);
        position = end + 1;
        return text;
    }

    private byte Byte() => Bytes(1)[0];

    private int Length(long length) =>
        length < 0 || length > data.Length - position ? throw Bad($"the pickle is truncated (a {length}-byte value runs past its end)") : (int)length;

    private int Length(ulong length) => Length(length > long.MaxValue ? -1 : (long)length);

    private ReadOnlySpan<byte> Bytes(int count)
    {
        if (count > data.Length - position) throw Bad("the pickle is truncated (it ends before its STOP opcode)");
        var span = data.AsSpan(position, count);
        position += count;
        return span;
    }

    private static string Describe(object? value) => value?.GetType().Name ?? "None";

    private InvalidDataException Bad(string problem) => FormatErrors.TorchSave(name, $"{problem} (pickle offset {opcodeStart})");
}
