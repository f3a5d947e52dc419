using Training.Testing;
namespace Training.TorchExtensions.Tests.Serialization;

/// <summary>Files written here are read by Python's torch.load (PyTorch 1.13), and files Python writes are read here.</summary>
public class TorchSavePythonInteropTests
{
    [Test]
    public void PythonLoadsANestedStateWrittenHere()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var state = TorchSaveRoundTripTests.NestedState();
        TorchFile.Save(state, folder.File("nested.pt"));

        var output = PythonTorch.Run(PythonCanonical.Function + """
            import json, sys
            print(json.dumps(canon(torch.load(sys.argv[1]))))
            """, folder.File("nested.pt"));

        // Python's view of the file must equal the state saved (in the types Python has: ints as long, tuples as arrays, ...).
        PythonCanonical.AssertMatches(PythonCanonical.Parse(output), TorchSaveRoundTripTests.NestedStateAsLoaded(state));
    }

    [Test]
    public void PythonSeesSharedStoragesInAnAlignedStoredZip()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var weight = arange(Scalars.Keep(12), ScalarType.Float32).reshape(3, 4);
        TorchFile.Save(new Dictionary<string, Tensor> { ["weight"] = weight, ["tied"] = weight, ["row"] = weight[1], ["t"] = weight.t() }, folder.File("views.pt"));

        var output = PythonTorch.Run("""
            import struct, sys, zipfile, torch
            path = sys.argv[1]
            d = torch.load(path)
            w = d['weight']
            assert d['tied'] is w
            for name in ('row', 't'):
                assert d[name].storage().data_ptr() == w.storage().data_ptr(), name
            assert torch.equal(w, torch.arange(12.).reshape(3, 4))
            assert torch.equal(d['row'], w[1]) and torch.equal(d['t'], w.t())
            z = zipfile.ZipFile(path)
            assert z.testzip() is None
            assert z.namelist() == ['archive/data.pkl', 'archive/byteorder', 'archive/data/0', 'archive/version'], z.namelist()
            raw = open(path, 'rb').read()
            for info in z.infolist():
                assert info.compress_type == zipfile.ZIP_STORED
                name_length, extra_length = struct.unpack('<HH', raw[info.header_offset + 26:info.header_offset + 30])
                assert (info.header_offset + 30 + name_length + extra_length) % 64 == 0, info.filename
            assert z.read('archive/byteorder') == b'little' and z.read('archive/version') == b'3\n'
            print('OK')
            """, folder.File("views.pt"));

        Assert.That(output.Trim(), Is.EqualTo("OK"));
    }

    [Test]
    public void PythonAdamWAcceptsAnOptimizerStateWrittenHere()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var state = new Dictionary<string, object?>
        {
            ["state"] = new Dictionary<long, object?>
            {
                [0] = new Dictionary<string, Tensor>
                {
                    ["step"] = tensor(3f),
                    ["exp_avg"] = arange(Scalars.Keep(6), ScalarType.Float32).reshape(2, 3).mul(Scalars.Keep(0.125)),
                    ["exp_avg_sq"] = arange(Scalars.Keep(6), ScalarType.Float32).reshape(2, 3).mul(Scalars.Keep(1.0 / 64)),
                },
            },
            ["param_groups"] = new List<object?>
            {
                new Dictionary<string, object?>
                {
                    ["lr"] = 0.001, ["betas"] = (0.9, 0.999), ["eps"] = 1e-08, ["weight_decay"] = 0.01, ["amsgrad"] = false,
                    ["maximize"] = false, ["foreach"] = null, ["capturable"] = false, ["differentiable"] = false, ["fused"] = null,
                    ["params"] = new List<object?> { 0 },
                },
            },
        };
        TorchFile.Save(state, folder.File("optimizer.pt"));

        var output = PythonTorch.Run("""
            import sys, torch
            p = torch.nn.Parameter(torch.zeros(2, 3))
            opt = torch.optim.AdamW([p])
            opt.load_state_dict(torch.load(sys.argv[1]))
            s = opt.state[p]
            assert s['step'].dtype == torch.float32 and s['step'].dim() == 0 and s['step'].item() == 3.0
            assert torch.equal(s['exp_avg'], torch.arange(6.).reshape(2, 3) * 0.125)
            assert torch.equal(s['exp_avg_sq'], torch.arange(6.).reshape(2, 3) / 64)
            g = opt.param_groups[0]
            assert (g['lr'], g['betas'], g['eps'], g['weight_decay']) == (0.001, (0.9, 0.999), 1e-08, 0.01)
            assert g['amsgrad'] is False and g['maximize'] is False and g['foreach'] is None and g['params'] == [p]
            p.grad = torch.ones(2, 3)
            opt.step()
            print(opt.state[p]['step'].item())
            """, folder.File("optimizer.pt"));

        Assert.That(output.Trim(), Is.EqualTo("4.0"), "Python's AdamW took one more step from the loaded state");
    }

    [Test]
    public void FilesWrittenByPythonLoadWithEqualValues()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var expected = PythonCanonical.Parse(PythonTorch.Run(PythonCanonical.Function + """
            import collections, json, os, sys
            out = sys.argv[1]
            torch.manual_seed(0)
            params = [torch.nn.Parameter(torch.randn(3, 2)), torch.nn.Parameter(torch.randn(4))]
            opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.01)
            sum((q * q).sum() for q in params).backward()
            opt.step()
            torch.save(opt.state_dict(), os.path.join(out, 'adamw.pt'))
            base = torch.arange(12, dtype=torch.float32)
            mixed = {
                'base': base, 'tied': base, 'view': base[2:8].view(2, 3), 't': base.view(3, 4).t(),
                'bf16': torch.tensor([1.5, -2.25, 3.0e38], dtype=torch.bfloat16),
                'f16': torch.tensor([0.5, 65504.0], dtype=torch.float16),
                'i64': torch.tensor([1, -2, 2 ** 62]), 'i32': torch.arange(4, dtype=torch.int32),
                'u8': torch.tensor([0, 255], dtype=torch.uint8), 'flags': torch.tensor([True, False]),
                'scalar': torch.tensor(2.5), 'empty': torch.zeros(0, 3), 'param': torch.nn.Parameter(torch.ones(2)),
                'module': torch.nn.Linear(3, 2).state_dict(),
                'ordered': collections.OrderedDict([('b', 1), ('a', 2)]),
                'bytes': b'\x00\xffabc', 'no_bytes': b'', 'big': 2 ** 70, 'neg': -(2 ** 40),
                'nested': (1, [2.5, None, True], {'k': 'v', 7: (1.0,)}),
            }
            for protocol in (2, 4, 5):
                torch.save(mixed, os.path.join(out, f'mixed{protocol}.pt'), pickle_protocol=protocol)
            print(json.dumps({'adamw': canon(opt.state_dict()), 'mixed': canon(mixed)}))
            """, folder.Path));

        PythonCanonical.AssertMatches(expected.GetProperty("adamw"), TorchFile.Load(folder.File("adamw.pt")), "adamw");
        foreach (var protocol in new[] { 2, 4, 5 })
        {
            var mixed = (OrderedDictionary<object, object?>)TorchFile.Load(folder.File($"mixed{protocol}.pt"))!;
            PythonCanonical.AssertMatches(expected.GetProperty("mixed"), mixed, $"mixed{protocol}");
            Assert.That(mixed["tied"], Is.SameAs(mixed["base"]), "one Python object stays one object");
        }
    }

    [Test]
    public void PythonPicklesThatRunCodeOrUseTheLegacyFormatAreRefused()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var marker = folder.File("pwned");
        PythonTorch.Run("""
            import os, sys, torch
            out, marker = sys.argv[1], sys.argv[2]
            class Evil:
                def __reduce__(self):
                    return (os.system, ('touch ' + marker,))
            torch.save({'x': Evil()}, os.path.join(out, 'evil.pt'))
            torch.save(torch.ones(2), os.path.join(out, 'legacy.pt'), _use_new_zipfile_serialization=False)
            """, folder.Path, marker);

        Assert.That(() => TorchFile.Load(folder.File("evil.pt")), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains(folder.File("evil.pt")).And.Message.Contains("the global 'posix.system', which is not allowed"));
        Assert.That(File.Exists(marker), Is.False, "nothing in the pickle may run");
        Assert.That(() => TorchFile.Load(folder.File("legacy.pt")), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains(folder.File("legacy.pt")).And.Message.Contains("legacy (non-zip) torch.save format"));
    }
}
