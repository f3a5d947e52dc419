using System.Text;
using static Training.TorchExtensions.PickleOpcodes;

namespace Training.TorchExtensions.Tests.Serialization;

/// <summary>Corrupt, hostile or unsupported torch.save files are refused with a message naming the file and the problem.</summary>
public class TorchLoadMalformedTests
{
    /// <summary>A zip written with the production writer, holding the given entries.</summary>
    private static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var memory = new MemoryStream();
        var zip = new StoredZipWriter(memory);
        foreach (var (name, data) in entries) zip.Add(name, data);
        zip.Finish();
        return memory.ToArray();
    }

    /// <summary>An archive whose data.pkl is <paramref name="pickle"/>, plus storage entries.</summary>
    private static byte[] Archive(byte[] pickle, params (string Key, byte[] Data)[] storages) =>
        Zip([("archive/data.pkl", pickle), .. storages.Select(s => ($"archive/data/{s.Key}", s.Data))]);

    /// <summary>A protocol-2 pickle: PROTO 2, whatever <paramref name="body"/> emits, STOP.</summary>
    private static byte[] Pickle(Action<PickleWriter> body)
    {
        var writer = new PickleWriter();
        writer.Proto();
        body(writer);
        writer.Op(Stop);
        return writer.ToArray();
    }

    /// <summary>A call of a global with one string argument, as a malicious pickle would make it.</summary>
    private static byte[] CallGlobal(string module, string name) => Pickle(w =>
    {
        w.Global(module, name);
        w.Unicode("echo hi");
        w.Op(Tuple1);
        w.Op(PickleOpcodes.Reduce);
    });

    /// <summary>The pickle of four float32 elements in storage '0' (as torch.save writes it).</summary>
    private static byte[] FourFloats()
    {
        using var scope = NewDisposeScope();
        return TorchPickler.Pickle(ones(4)).Pickle;
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string name, byte[] file, string problem) => new TestCaseData(file, problem).SetName($"Refuses_{name}");
        var four = FourFloats();

        yield return Case("NotAZip", "hello world"u8.ToArray(), "it is not a zip archive");
        yield return Case("EmptyFile", [], "it is not a zip archive");
        yield return Case("LegacyFormat", [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc], "legacy (non-zip) torch.save format");
        yield return Case("CorruptZip", [.. "PK\u0003\u0004"u8, .. new byte[40]], "the zip archive is corrupt");
        yield return Case("ZipWithoutDataPkl", Zip(("archive/version", "3\n"u8.ToArray())), "the archive has no '<folder>/data.pkl' record");
        yield return Case("TorchScriptArchive", Zip(("model/constants.pkl", Pickle(w => w.Op(EmptyTuple))), ("model/code/m.py", [])), "TorchScript archive");
        yield return Case("TruncatedPickle", Archive(four[..(four.Length / 2)], ("0", new byte[16])), "the pickle is truncated");
        yield return Case("PickleWithoutStop", Archive([0x80, 2, None]), "it ends before its STOP opcode");
        yield return Case("UnknownOpcode", Archive([0x80, 2, 0xFF, Stop]), "unsupported pickle opcode 0xff");
        yield return Case("ForbiddenGlobalOsSystem", Archive(CallGlobal("os", "system")), "the global 'os.system', which is not allowed");
        yield return Case("ForbiddenLoadFromBytes", Archive(CallGlobal("torch.storage", "_load_from_bytes")), "the global 'torch.storage._load_from_bytes', which is not allowed");
        yield return Case("ForbiddenStackGlobal", Archive([0x80, 4, ShortBinUnicode, 8, .. "builtins"u8, ShortBinUnicode, 4, .. "eval"u8, StackGlobal, Stop]), "the global 'builtins.eval', which is not allowed");
        yield return Case("NewObj", Archive(Pickle(w => { w.Global("collections", "OrderedDict"); w.Op(EmptyTuple); w.Op(NewObj); })), "NEWOBJ");
        yield return Case("MemoReadBeforeWrite", Archive(Pickle(w => w.Get(5))), "memo slot 5 is read before it is written");
        yield return Case("AppendToADictionary", Archive(Pickle(w => { w.Op(EmptyDict); w.Int(1); w.Op(Append); })), "APPEND applies to a List`1");
        yield return Case("StorageEntryMissing", Archive(four), "storage '0' is missing: the archive has no entry 'archive/data/0'");
        yield return Case("StorageEntryTooShort", Archive(four, ("0", new byte[4])), "entry 'archive/data/0' (storage '0') is 4 bytes, its 4 elements of torch.FloatStorage need 16");
        yield return Case("ViewOutsideItsStorage", Archive(Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(four).Replace("QK\u0000", "QK\u0002")), ("0", new byte[16])),
            "reads element 5 of storage '0', which has 4");
    }

    [TestCaseSource(nameof(Cases))]
    public void RefusesMalformedFile(byte[] content, string problem)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var path = folder.File("broken.pt");
        File.WriteAllBytes(path, content);
        var live = Tensor.TotalCount;

        var error = Assert.Throws<InvalidDataException>(() => TorchFile.Load(path))!;

        Assert.That(error.Message, Does.Contain($"'{path}' is not a loadable torch.save file").And.Contain(problem));
        Assert.That(Tensor.TotalCount, Is.EqualTo(live), "a refused file must not leave tensors behind");
    }

    [Test]
    public void TensorsBuiltBeforeAFailureAreFreed()
    {
        using var scope = NewDisposeScope();
        var (pickle, _) = TorchPickler.Pickle(new List<object?> { ones(4), ones(4) });
        // The second tensor's storage ('1') is missing, so the load fails after building the first tensor.
        var live = Tensor.TotalCount;
        Assert.That(() => TorchFile.Load(new MemoryStream(Archive(pickle, ("0", new byte[16]))), "two.pt"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("'two.pt'").And.Message.Contains("storage '1' is missing"));
        Assert.That(Tensor.TotalCount, Is.EqualTo(live));
    }
}
