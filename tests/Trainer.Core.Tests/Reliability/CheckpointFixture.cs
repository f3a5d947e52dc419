using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Training.Core.Tests.Reliability;

/// <summary>
/// A valid checkpoint (<c>checkpoint-10</c> of the TinyRegression run, AdamW + cosine), made once and copied for every
/// case, and the resume that is expected to refuse it: a fresh model and Trainer planned for 20 steps.
/// </summary>
internal static class CheckpointFixture
{
    public const string Name = "checkpoint-10";

    private static readonly Lazy<string> Template = new(Create);

    /// <summary>The folder of the pristine checkpoint (never modified).</summary>
    public static string TemplateFolder => Template.Value;

    private static string Create()
    {
        var output = Path.Combine(Path.GetTempPath(), "trainer-ckpt-template-" + Guid.NewGuid().ToString("N"));
        using (var model = new TinyRegression()) NewTrainer(model, output, null).Train();
        var folder = Path.Combine(output, Name);
        Assert.That(Directory.Exists(folder), Is.True, "the template run wrote no checkpoint-10");
        return folder;
    }

    /// <summary>A Trainer of the fixture's run (20 steps planned, a checkpoint every 10).</summary>
    public static Trainer NewTrainer(TinyRegression model, string output, ILoggerFactory? logging, long maxSteps = 10) =>
        new(model, TinyRegression.Args(output, a =>
        {
            a.MaxSteps = maxSteps;
            a.SaveStrategy = SaveStrategy.Steps;
            a.SaveSteps = 10;
            a.LrSchedulerType = "cosine";
            a.WarmupSteps = 0.1;
        }), TinyRegression.Data(100), null, TinyRegression.Collator,
            services: logging is null ? null : new ServiceCollection().AddSingleton(logging).BuildServiceProvider());

    /// <summary>A copy of the template checkpoint as <c>&lt;output&gt;/checkpoint-10</c>.</summary>
    public static string CopyTo(string output)
    {
        var target = Path.Combine(output, Name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(TemplateFolder)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    /// <summary>Every file under <paramref name="folder"/> (relative path → bytes), to prove a failed load changed nothing.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string folder)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories))
            files[Path.GetRelativePath(folder, entry)] = File.Exists(entry) ? File.ReadAllBytes(entry) : [];
        return files;
    }

    /// <summary>Copies of the model's parameters and buffers.</summary>
    public static Dictionary<string, Tensor> Parameters(torch.nn.Module model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());

    /// <summary>Asserts that the folder holds exactly the bytes of <paramref name="before"/>.</summary>
    public static void AssertUnchanged(SortedDictionary<string, byte[]> before, string folder)
    {
        var after = Snapshot(folder);
        Assert.That(after.Keys, Is.EqualTo(before.Keys), "the checkpoint folder's entries changed");
        foreach (var (name, bytes) in before) Assert.That(after[name].AsSpan().SequenceEqual(bytes), Is.True, $"{name} was modified");
    }

    /// <summary>Asserts that the model holds exactly <paramref name="before"/>.</summary>
    public static void AssertUnchanged(Dictionary<string, Tensor> before, torch.nn.Module model)
    {
        var now = model.state_dict();
        foreach (var (name, tensor) in before)
            Assert.That(now[name].equal(tensor).all().item<bool>(), Is.True, $"model tensor {name} changed");
    }
}
