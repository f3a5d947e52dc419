using System.Buffers.Binary;
using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Training.Core.Tests.Reliability;

/// <summary>
/// Seeded fuzzing of the checkpoint reader: random byte flips, truncations and insertions of a valid
/// model.safetensors and optimizer.pt. Every input either loads what the file holds or is refused with a
/// <see cref="CheckpointException"/>; no other exception, no crash.
/// </summary>
[NonParallelizable]
public class CheckpointFuzzTests
{
    private const int Inputs = 300;

    private enum Kind { Flip, Truncate, Insert }

    private sealed record Mutation(Kind Kind, int Position, byte[] Bytes, byte[] Result)
    {
        public override string ToString() => $"{Kind} at {Position} ({Bytes.Length} bytes)";
    }

    private static Mutation Mutate(byte[] original, Random random, int focusEnd)
    {
        var kind = (Kind)random.Next(3);
        // Half of the inputs hit the first focusEnd bytes (the safetensors header, the zip's first entries), where structure lives.
        var position = random.Next(2) == 0 ? random.Next(Math.Min(focusEnd, original.Length)) : random.Next(original.Length);
        var bytes = new byte[kind == Kind.Truncate ? 0 : 1 + random.Next(kind == Kind.Flip ? 4 : 16)];
        random.NextBytes(bytes);
        var result = kind switch
        {
            Kind.Truncate => original[..position],
            Kind.Insert => [.. original[..position], .. bytes, .. original[position..]],
            _ => original.ToArray(),
        };
        if (kind == Kind.Flip)
            for (var i = 0; i < bytes.Length && position + i < result.Length; i++) result[position + i] ^= (byte)(bytes[i] | 1);
        return new Mutation(kind, position, bytes, result);
    }

    [Test]
    public void MutatedSafetensorsLoadWhatTheFileHoldsOrAreRefused()
    {
        var original = File.ReadAllBytes(Path.Combine(CheckpointFixture.TemplateFolder, CheckpointFiles.Model));
        var dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
        var (refused, loaded) = Fuzz(CheckpointFiles.Model, original, dataStart, (mutation, checkpoint, reference) =>
        {
            // safetensors has no checksum: a flip inside the data region is a different, well-formed value; anything else
            // that loads must load the original tensors.
            var dataOnly = mutation.Kind == Kind.Flip && mutation.Position >= dataStart;
            var same = checkpoint.Weights.All(p => p.Value.equal(reference.Weights[p.Key]).all().item<bool>());
            Assert.That(same || dataOnly, Is.True, $"{mutation}: a header change loaded different weights");
        });
        TestContext.Out.WriteLine($"safetensors: {Inputs} inputs, {refused} refused, {loaded} loaded");
    }

    [Test]
    public void MutatedOptimizerFilesLoadEqualToTheOriginalOrAreRefused()
    {
        var original = File.ReadAllBytes(Path.Combine(CheckpointFixture.TemplateFolder, CheckpointFiles.Optimizer));
        var (refused, loaded) = Fuzz(CheckpointFiles.Optimizer, original, 512, (mutation, checkpoint, reference) =>
        {
            // Every entry is CRC-checked: whatever loads is the original state.
            Assert.That(Serialized(checkpoint.Optimizer!), Is.EqualTo(Serialized(reference.Optimizer!)), $"{mutation}: loaded a different optimizer state");
        });
        TestContext.Out.WriteLine($"optimizer.pt: {Inputs} inputs, {refused} refused, {loaded} loaded");
    }

    private static byte[] Serialized(IDictionary state)
    {
        using var memory = new MemoryStream();
        TorchFile.Save(state, memory);
        return memory.ToArray();
    }

    private static (int Refused, int Loaded) Fuzz(string file, byte[] original, int focusEnd, Action<Mutation, LoadedCheckpoint, LoadedCheckpoint> checkLoaded)
    {
        using var output = new TempFolder();
        var folder = CheckpointFixture.CopyTo(output.Path);
        using var model = new TinyRegression(seed: 99);
        var trainer = CheckpointFixture.NewTrainer(model, output.Path, null, maxSteps: 20);
        trainer.CreateOptimizerAndScheduler(20);
        LoadedCheckpoint Read() => CheckpointReader.Read(folder, model, trainer.Optimizer, trainer.LrScheduler, 20, NullLogger.Instance);

        using var scope = torch.NewDisposeScope();
        var reference = Read();
        var random = new Random(20261111);
        int refused = 0, loaded = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Inputs; i++)
        {
            var mutation = Mutate(original, random, focusEnd);
            File.WriteAllBytes(Path.Combine(folder, file), mutation.Result);
            using var inner = torch.NewDisposeScope();
            LoadedCheckpoint checkpoint;
            try
            {
                checkpoint = Read();
            }
            catch (CheckpointException e)
            {
                Assert.That(e.Message, Does.StartWith($"{CheckpointFixture.Name}/{file}"), $"input {i}: {mutation}");
                refused++;
                continue;
            }
            catch (Exception e)
            {
                Assert.Fail($"input {i}: {mutation} raised {e.GetType().Name}: {e.Message}");
                throw;
            }

            checkLoaded(mutation, checkpoint, reference);
            loaded++;
        }

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(2)), "the fuzzer's time bound");
        return (refused, loaded);
    }
}
