using System.Text.RegularExpressions;

namespace Training.Torch.Tests.Core;

/// <summary>
/// Every function the shim exports must convert C++ exceptions into the thread-local error, or one
/// throw would terminate the process. The convention: <c>TRN_EXPORT ret name(args) TRN_TRY { ... } TRN_CATCH(sentinel)</c>.
/// </summary>
public partial class NativeConventionTests
{
    private static string NativeSourceDirectory()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "native", "src");
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException("native/src not found above the test directory");
    }

    public static IEnumerable<TestCaseData> SourceFiles() =>
        Directory.GetFiles(NativeSourceDirectory(), "*.cpp").Order()
            .Select(f => new TestCaseData(f).SetName($"NativeConvention_{Path.GetFileNameWithoutExtension(f)}"));

    [GeneratedRegex(@"TRN_EXPORT\s+[^;{]*?\b(trn_\w+)\s*\((?<args>[^)]*)\)\s*(?<after>\w+)", RegexOptions.Singleline)]
    private static partial Regex ExportPattern();

    [GeneratedRegex(@"\bTRN_CATCH\(")]
    private static partial Regex CatchPattern();

    [TestCaseSource(nameof(SourceFiles))]
    public void EveryExportIsGuarded(string file)
    {
        var source = File.ReadAllText(file);
        var exports = ExportPattern().Matches(source);
        var unguarded = exports.Where(m => m.Groups["after"].Value != "TRN_TRY").Select(m => m.Groups[1].Value).ToList();
        Assert.That(unguarded, Is.Empty, $"exports without TRN_TRY in {Path.GetFileName(file)}");
        Assert.That(CatchPattern().Matches(source).Count, Is.EqualTo(exports.Count),
            $"every TRN_TRY in {Path.GetFileName(file)} needs its TRN_CATCH");
    }

    [Test]
    public void TheShimExportsNothingButGuardedFunctions()
    {
        var exported = Directory.GetFiles(NativeSourceDirectory(), "*.cpp")
            .SelectMany(f => ExportPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToList();
        Assert.That(exported, Has.Count.GreaterThan(100));
        Assert.That(exported, Is.Unique);
    }
}
