using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using static Training.TorchExtensions.PickleOpcodes;

namespace Training.TorchExtensions;

/// <summary>
/// Emits protocol-2 pickle opcodes, choosing the shortest encoding of each value as CPython does
/// (BININT1 / BININT2 / BININT / LONG1, BINPUT / LONG_BINPUT). It knows nothing about object graphs;
/// <see cref="TorchPickler"/> decides what to emit.
/// </summary>
internal sealed class PickleWriter
{
    private readonly MemoryStream output = new();
    private int memoCount;

    public byte[] ToArray() => output.ToArray();

    public void Op(byte opcode) => output.WriteByte(opcode);

    public void Proto() => Write([PickleOpcodes.Proto, 2]);

    public void Bool(bool value) => Op(value ? NewTrue : NewFalse);

    public void Int(long value)
    {
        if (value is >= 0 and <= byte.MaxValue)
        {
            Write([BinInt1, (byte)value]);
        }
        else if (value is >= 0 and <= ushort.MaxValue)
        {
            Span<byte> b = [BinInt2, 0, 0];
            BinaryPrimitives.WriteUInt16LittleEndian(b[1..], (ushort)value);
            Write(b);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            Span<byte> b = [BinInt, 0, 0, 0, 0];
            BinaryPrimitives.WriteInt32LittleEndian(b[1..], (int)value);
            Write(b);
        }
        else
        {
            Long(value);
        }
    }

    /// <summary>LONG1 / LONG4: little-endian two's complement of minimal length.</summary>
    public void Long(BigInteger value)
    {
        var bytes = value.IsZero ? [] : value.ToByteArray(isUnsigned: false, isBigEndian: false);
        if (bytes.Length <= byte.MaxValue)
        {
            Write([Long1, (byte)bytes.Length]);
        }
        else
        {
            Span<byte> b = [Long4, 0, 0, 0, 0];
            BinaryPrimitives.WriteInt32LittleEndian(b[1..], bytes.Length);
            Write(b);
        }

        Write(bytes);
    }

    public void Float(double value)
    {
        Span<byte> b = stackalloc byte[9];
        b[0] = BinFloat;
        BinaryPrimitives.WriteDoubleBigEndian(b[1..], value);
        Write(b);
    }

    public void Unicode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> b = [BinUnicode, 0, 0, 0, 0];
        BinaryPrimitives.WriteInt32LittleEndian(b[1..], bytes.Length);
        Write(b);
        Write(bytes);
    }

    /// <summary>A global as "module\nname\n" (GLOBAL), the only form protocol 2 has.</summary>
    public void Global(string module, string name)
    {
        Op(PickleOpcodes.Global);
        Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    /// <summary>Stores the top of the stack in the next memo slot and returns the slot.</summary>
    public int Put()
    {
        var index = memoCount++;
        MemoOp(BinPut, LongBinPut, index);
        return index;
    }

    public void Get(int index) => MemoOp(BinGet, LongBinGet, index);

    /// <summary>A memo opcode with a one-byte slot when it fits, else its four-byte form.</summary>
    private void MemoOp(byte shortForm, byte longForm, int index)
    {
        if (index <= byte.MaxValue)
        {
            Write([shortForm, (byte)index]);
            return;
        }

        Span<byte> b = [longForm, 0, 0, 0, 0];
        BinaryPrimitives.WriteInt32LittleEndian(b[1..], index);
        Write(b);
    }

    private void Write(ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
