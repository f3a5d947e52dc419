// An MSBuild task (compiled by RoslynCodeTaskFactory, see TorchSharpCompat.targets): decides whether TorchSharp's
// libLibTorchSharp.so can load against this machine's libstdc++, and makes a loadable copy when it cannot.
//
// TorchSharp 0.107 was built with GCC 13, so libLibTorchSharp.so needs GLIBCXX_3.4.32 for exactly one symbol,
// std::ios_base_library_init(). Debian 12 and Ubuntu 22.04 ship libstdc++ up to 3.4.30, and the dynamic loader
// refuses the library. The fix, measured on Debian 12: a tiny compat library defines that function; on a copy of
// libLibTorchSharp.so the symbol's version is cleared, the compat library is added as needed (found through the
// copy's $ORIGIN runpath), and the GLIBCXX_3.4.32 requirement is marked weak (VER_FLG_WEAK), so the loader no
// longer insists on it. patchelf adds the needed entry; the two small edits are made here.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class GlibcxxCompat : Task
{
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    // Versions the compat library can stand in for, and the only symbols it defines.
    private static readonly Dictionary<string, string[]> Coverable = new Dictionary<string, string[]>
    {
        ["GLIBCXX_3.4.32"] = new[] { "_ZSt21ios_base_library_initv" },
    };

    /// <summary>TorchSharp's libLibTorchSharp.so as restored from its package.</summary>
    [Required] public string Source { get; set; } = "";

    /// <summary>Where the patched copy goes (its folder also receives the compat library).</summary>
    [Required] public string Destination { get; set; } = "";

    /// <summary>The compat library, already built.</summary>
    [Required] public string CompatLibrary { get; set; } = "";

    /// <summary>The patchelf program.</summary>
    public string Patchelf { get; set; } = "patchelf";

    /// <summary>libstdc++ files to check, the first existing one is used (empty: the usual Linux locations).</summary>
    public string[] SystemLibraries { get; set; } = Array.Empty<string>();

    /// <summary>Only report whether a patch is needed, without writing anything.</summary>
    public bool CheckOnly { get; set; }

    /// <summary>True when the system libstdc++ lacks a version libLibTorchSharp.so needs.</summary>
    [Output] public bool Needed { get; set; }

    public override bool Execute()
    {
        try
        {
            var systemLibrary = FindSystemLibrary();
            if (systemLibrary == null)
            {
                Log.LogMessage(MessageImportance.Normal, "No system libstdc++.so.6 found; TorchSharp is used as shipped.");
                return true;
            }

            var provided = File.ReadAllBytes(systemLibrary);
            var elf = new Elf(File.ReadAllBytes(Source), Source);
            var missing = elf.Requirements("libstdc++.so.6").Where(r => !Contains(provided, r.Name)).ToList();
            Needed = missing.Count > 0;
            if (!Needed) return true;

            foreach (var requirement in missing)
            {
                if (!Coverable.TryGetValue(requirement.Name, out var covered))
                {
                    Log.LogError($"{Source} needs {requirement.Name}, which {systemLibrary} lacks and the compat library does not provide; install a newer libstdc++6.");
                    return false;
                }

                var symbols = elf.SymbolsOfVersion(requirement.Index);
                var uncovered = symbols.Except(covered).ToList();
                if (uncovered.Count > 0)
                {
                    Log.LogError($"{Source} needs {requirement.Name} for {string.Join(", ", uncovered)}, which the compat library does not define; install a newer libstdc++6.");
                    return false;
                }
            }

            if (CheckOnly) return true;
            Patch(missing, systemLibrary);
            return !Log.HasLoggedErrors;
        }
        catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
        {
            Log.LogError($"TorchSharp compat step: {e.Message}");
            return false;
        }
    }

    private void Patch(List<Requirement> missing, string systemLibrary)
    {
        // Work on a temporary file beside the destination and rename it at the end: a failed or interrupted
        // build never leaves a half-patched library where the loader would find it.
        var temporary = Destination + ".tmp";
        File.Copy(Source, temporary, overwrite: true);
        var compatName = Path.GetFileName(CompatLibrary);
        Run(Patchelf, $"--add-needed {compatName} \"{temporary}\"");

        var bytes = File.ReadAllBytes(temporary);
        var elf = new Elf(bytes, temporary);
        foreach (var requirement in elf.Requirements("libstdc++.so.6").Where(r => missing.Any(m => m.Name == r.Name)))
        {
            foreach (var symbol in Coverable[requirement.Name]) elf.ClearSymbolVersion(symbol);
            elf.MarkWeak(requirement);
        }

        File.WriteAllBytes(temporary, bytes);
        var compatCopy = Path.Combine(Path.GetDirectoryName(Destination) ?? ".", compatName);
        if (!string.Equals(Path.GetFullPath(compatCopy), Path.GetFullPath(CompatLibrary), StringComparison.Ordinal))
            File.Copy(CompatLibrary, compatCopy, overwrite: true);
        if (File.Exists(Destination)) File.Delete(Destination);
        File.Move(temporary, Destination);
        Log.LogMessage(MessageImportance.High,
            $"TorchSharp compat: {systemLibrary} lacks {string.Join(", ", missing.Select(m => m.Name))}; patched copy of libLibTorchSharp.so at {Destination}");
    }

    private void Run(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException($"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"could not run {program} ({e.Message}); install it (Debian: apt-get install patchelf)");
        }

        using (process)
        {
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new IOException($"{program} {arguments} failed ({process.ExitCode}): {error.Trim()}");
        }
    }

    private string? FindSystemLibrary()
    {
        var candidates = SystemLibraries.Length > 0 ? SystemLibraries : new[]
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6",
            "/lib64/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        return candidates.FirstOrDefault(File.Exists);
    }

    // The version name as it appears in the library's string table: NUL-terminated, so 3.4.3 does not match 3.4.30.
    private static bool Contains(byte[] haystack, string name)
    {
        var needle = Encoding.ASCII.GetBytes(name + "\0");
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack[i] != needle[0]) continue;
            var j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }

        return false;
    }

    private sealed class Requirement
    {
        public Requirement(string name, ushort index, long flagsOffset)
        {
            Name = name;
            Index = index;
            FlagsOffset = flagsOffset;
        }

        public string Name { get; }

        public ushort Index { get; }

        public long FlagsOffset { get; }
    }

    /// <summary>Just enough of a little-endian ELF64 reader: section headers, dynamic symbols and version needs.</summary>
    private sealed class Elf
    {
        private readonly byte[] data;
        private readonly string name;
        private readonly List<(uint Type, long Offset, long Size, uint Link, long EntrySize)> sections = new List<(uint, long, long, uint, long)>();

        public Elf(byte[] data, string name)
        {
            this.data = data;
            this.name = name;
            if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F' || data[4] != 2 || data[5] != 1)
                throw new InvalidDataException($"{name} is not a little-endian 64-bit ELF file");
            var sectionHeaders = (long)U64(0x28);
            var headerSize = U16(0x3a);
            var count = U16(0x3c);
            for (var i = 0; i < count; i++)
            {
                var at = sectionHeaders + (long)i * headerSize;
                sections.Add((U32(at + 4), (long)U64(at + 0x18), (long)U64(at + 0x20), U32(at + 0x28), (long)U64(at + 0x38)));
            }
        }

        public List<Requirement> Requirements(string file)
        {
            var result = new List<Requirement>();
            var verneed = Section(ShtGnuVerneed);
            var strings = sections[(int)verneed.Link].Offset;
            var at = verneed.Offset;
            while (true)
            {
                var auxCount = U16(at + 2);
                var fileName = String(strings + U32(at + 4));
                var aux = at + U32(at + 8);
                for (var i = 0; i < auxCount; i++)
                {
                    if (fileName == file) result.Add(new Requirement(String(strings + U32(aux + 8)), U16(aux + 6), aux + 4));
                    var nextAux = U32(aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }

                var next = U32(at + 12);
                if (next == 0) return result;
                at += next;
            }
        }

        public List<string> SymbolsOfVersion(ushort index)
        {
            var result = new List<string>();
            foreach (var (symbol, versymOffset) in Symbols())
                if ((U16(versymOffset) & 0x7fff) == index) result.Add(symbol);
            return result;
        }

        public void ClearSymbolVersion(string symbol)
        {
            foreach (var (candidate, versymOffset) in Symbols())
            {
                // VER_NDX_GLOBAL: the symbol binds to any definition, as patchelf --clear-symbol-version does.
                if (candidate == symbol) Write16(versymOffset, 1);
            }
        }

        public void MarkWeak(Requirement requirement) => Write16(requirement.FlagsOffset, (ushort)(U16(requirement.FlagsOffset) | VerFlgWeak));

        private IEnumerable<(string Name, long VersymOffset)> Symbols()
        {
            var dynsym = Section(ShtDynsym);
            var versym = Section(ShtGnuVersym);
            var strings = sections[(int)dynsym.Link].Offset;
            var count = dynsym.Size / dynsym.EntrySize;
            for (long i = 0; i < count; i++)
                yield return (String(strings + U32(dynsym.Offset + (i * dynsym.EntrySize))), versym.Offset + (2 * i));
        }

        private (uint Type, long Offset, long Size, uint Link, long EntrySize) Section(uint type)
        {
            foreach (var section in sections)
                if (section.Type == type) return section;
            throw new InvalidDataException($"{name} has no section of type 0x{type:x}");
        }

        private string String(long at)
        {
            var end = at;
            while (data[end] != 0) end++;
            return Encoding.ASCII.GetString(data, (int)at, (int)(end - at));
        }

        private ushort U16(long at) => BitConverter.ToUInt16(data, (int)at);

        private uint U32(long at) => BitConverter.ToUInt32(data, (int)at);

        private ulong U64(long at) => BitConverter.ToUInt64(data, (int)at);

        private void Write16(long at, ushort value)
        {
            data[at] = (byte)value;
            data[at + 1] = (byte)(value >> 8);
        }
    }
}
