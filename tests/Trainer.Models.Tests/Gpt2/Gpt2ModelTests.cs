using Training.Optim;
using Training.TorchExtensions;

namespace Training.Models.Tests;

/// <summary>
/// The module itself: tied weights are one Parameter, initialisation follows Transformers' statistics, a forward pass
/// leaves only its outputs behind, dropout acts in training mode only, and the model trains.
/// </summary>
[NonParallelizable]
public class Gpt2ModelTests
{
    [Test]
    public void TiedWeightsAreOneParameterListedOnce()
    {
        using var model = new Gpt2ForCausalLM(Gpt2Fixtures.Small(), new Generator(101));
        var wte = Gpt2Fixtures.TokenEmbedding(model);
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(names, Does.Contain("transformer.wte.weight").And.Not.Contain("lm_head.weight"));
            Assert.That(model.parameters().Count(p => p.Handle == wte.Handle), Is.EqualTo(1), "listed once");
            Assert.That(model.Head.weight!.Handle, Is.EqualTo(wte.Handle), "the same Parameter");
            Assert.That(TensorMemory.StorageAddress(model.Head.weight!), Is.EqualTo(TensorMemory.StorageAddress(wte)), "the same storage");
            // 101·32 + 32·32 + 2·(4·32 + 32·96 + 96 + 32·32 + 32 + 32·128 + 128 + 128·32 + 32) + 2·32
            Assert.That(model.ParameterCount(), Is.EqualTo(3232 + 1024 + 2 * 12704 + 64));
        });

        using (no_grad()) wte[0, 0] = tensor(5f);
        Assert.That(model.Head.weight![0, 0].item<float>(), Is.EqualTo(5f), "a change to one is a change to the other");
    }

    [Test]
    public void AnUntiedHeadIsItsOwnParameter()
    {
        using var model = new Gpt2ForCausalLM(Gpt2Fixtures.Small(tied: false), new Generator(102));
        Assert.That(model.named_parameters().Select(p => p.name), Does.Contain("lm_head.weight"));
        Assert.That(TensorMemory.StorageAddress(model.Head.weight!), Is.Not.EqualTo(TensorMemory.StorageAddress(Gpt2Fixtures.TokenEmbedding(model))));
    }

    [Test]
    public void TheTiedMatrixGetsTheGradientOfBothUses()
    {
        using var scope = NewDisposeScope();
        using var tied = Gpt2Fixtures.Random(Gpt2Fixtures.Small(), seed: 103);
        var ids = Gpt2Fixtures.Tokens(2, 6, 101, seed: 104);
        using var batch = Gpt2Fixtures.Batch(ids, labels: ids);
        tied.call(batch).Loss!.backward();
        var wte = Gpt2Fixtures.TokenEmbedding(tied);
        // Rows of tokens the input never holds get gradient only through the head.
        var unused = Enumerable.Range(0, 101).First(t => !ids.eq(Scalars.Keep(t)).any().item<bool>());
        Assert.That(wte.grad![unused].abs().sum().item<float>(), Is.GreaterThan(0f));
    }

    [Test]
    public void InitialisationFollowsTransformers()
    {
        var config = new Gpt2Config { VocabSize = 1000, Positions = 256, EmbeddingDim = 128, Layers = 4, Heads = 4, InitializerRange = 0.05 };
        using var model = new Gpt2ForCausalLM(config, new Generator(105));
        using var again = new Gpt2ForCausalLM(config, new Generator(105));
        var residualStd = 0.05 / Math.Sqrt(8);
        Assert.Multiple(() =>
        {
            foreach (var ((name, p), (_, q)) in model.named_parameters().Zip(again.named_parameters()))
            {
                Assert.That(p.ValuesEqual(q), Is.True, $"{name}: equal seeds draw equal weights");
                if (name.EndsWith(".bias", StringComparison.Ordinal))
                {
                    Assert.That(p.abs().max().item<float>(), Is.Zero, name);
                    continue;
                }

                if (name.Contains(".ln_", StringComparison.Ordinal))
                {
                    Assert.That(p.eq(Scalars.Keep(1)).all().item<bool>(), Is.True, name);
                    continue;
                }

                var expected = name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? residualStd : 0.05;
                Assert.That(p.std().item<float>(), Is.EqualTo(expected).Within(5).Percent, name);
                Assert.That(Math.Abs(p.mean().item<float>()), Is.LessThan(expected / 10), name);
            }
        });
    }

    [Test]
    public void AForwardPassLeavesOnlyItsOutputs()
    {
        using var model = Gpt2Fixtures.Random(Gpt2Fixtures.Small(), seed: 106);
        using var scope0 = NewDisposeScope();
        var ids = Gpt2Fixtures.Tokens(3, 8, 101, seed: 107);
        var mask = Gpt2Fixtures.RightPadded(8, 8, 5, 2);
        using var batch = Gpt2Fixtures.Batch(ids, mask, Gpt2Fixtures.Labels(ids, mask));
        batch.NumItemsInBatch = 11;
        var baseline = LiveTensors.SettledCount();
        using (var scope = NewDisposeScope())
        {
            var output = model.call(batch);
            output.Loss!.backward();
            Assert.That(scope.DisposablesCount, Is.EqualTo(2), "the logits and the loss");
        }

        model.zero_grad();
        Assert.That(LiveTensors.SettledCount(), Is.EqualTo(baseline), "nothing is left behind");
    }

    [Test]
    public void DropoutActsInTrainingModeOnly()
    {
        using var scope = NewDisposeScope();
        var config = Gpt2Fixtures.Small() with { ResidualDropout = 0.2, EmbeddingDropout = 0.2, AttentionDropout = 0.2 };
        using var model = Gpt2Fixtures.Random(config, seed: 108);
        var ids = Gpt2Fixtures.Tokens(2, 8, 101, seed: 109);
        model.train();
        var first = model.Logits(ids);
        Assert.That(first.ValuesEqual(model.Logits(ids)), Is.False, "training: dropout draws new masks");
        model.eval();
        Assert.That(model.Logits(ids).ValuesEqual(model.Logits(ids)), Is.True, "evaluation: deterministic");
    }

    [Test]
    public void ASequenceLongerThanThePositionsIsNamed()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2ForCausalLM(Gpt2Fixtures.Small(), new Generator(110));
        Assert.That(() => model.Logits(Gpt2Fixtures.Tokens(1, 33, 101, seed: 111)),
            Throws.ArgumentException.With.Message.Contains("33 positions").And.Message.Contains("n_positions = 32"));
        Assert.That(() => model.Logits(Gpt2Fixtures.Tokens(1, 4, 101, seed: 112), ones(1, 5)),
            Throws.ArgumentException.With.Message.Contains("attention_mask"));
    }

    [Test]
    public void AHalfPrecisionModelKeepsItsTieAndComputesTheLossInFloat32()
    {
        using var scope = NewDisposeScope();
        // reorder_and_upcast_attn: the attention of a bfloat16 model runs in float32.
        using var model = Gpt2Fixtures.Random(Gpt2Fixtures.Small() with { ReorderAndUpcastAttention = true }, seed: 114);
        var ids = Gpt2Fixtures.Tokens(2, 8, 101, seed: 115);
        var mask = Gpt2Fixtures.RightPadded(8, 8, 5);
        var full = model.Logits(ids, mask);
        model.to(ScalarType.BFloat16);
        using var batch = Gpt2Fixtures.Batch(ids, mask, Gpt2Fixtures.Labels(ids, mask));
        var output = model.call(batch);
        output.Loss!.backward();
        var wte = Gpt2Fixtures.TokenEmbedding(model);
        Assert.Multiple(() =>
        {
            Assert.That(wte.dtype, Is.EqualTo(ScalarType.BFloat16));
            Assert.That(model.Head.weight!.Handle, Is.EqualTo(wte.Handle), "still one Parameter");
            Assert.That(model.parameters().Count(), Is.EqualTo(28), "listed once");
            Assert.That(output.Logits.dtype, Is.EqualTo(ScalarType.BFloat16));
            Assert.That(output.Loss!.dtype, Is.EqualTo(ScalarType.Float32), "the loss upcasts the logits, as Transformers");
            Assert.That((output.Logits.to(ScalarType.Float32) - full).abs().max().item<float>(), Is.LessThan(0.2f), "bfloat16 rounding only");
            Assert.That(wte.grad!.isfinite().all().item<bool>(), Is.True);
        });
    }

    [Test]
    public void TheStateDictRoundTripsAsTrainerCheckpointsStoreIt()
    {
        using var scope = NewDisposeScope();
        using var model = Gpt2Fixtures.Random(Gpt2Fixtures.Small(), seed: 116);
        // Transformers' state_dict names: both wte and the tied lm_head, as a checkpoint's model.safetensors holds them.
        var state = model.state_dict();
        Assert.That(state.Keys, Does.Contain("lm_head.weight").And.Contain("transformer.wte.weight").And.Contain("transformer.h.1.mlp.c_proj.bias"));
        var bytes = SafeTensors.Serialize(state);
        using var other = new Gpt2ForCausalLM(Gpt2Fixtures.Small(), new Generator(117));
        using (no_grad()) other.load_state_dict(SafeTensors.Load(new MemoryStream(bytes)), strict: true);
        var ids = Gpt2Fixtures.Tokens(2, 6, 101, seed: 118);
        model.eval();
        other.eval();
        Assert.That(other.Logits(ids).ValuesEqual(model.Logits(ids)), Is.True);
        Assert.That(other.Head.weight!.Handle, Is.EqualTo(Gpt2Fixtures.TokenEmbedding(other).Handle), "loading keeps the tie");
    }

    [Test]
    public void TheModelLearnsARepeatingSequence()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2ForCausalLM(Gpt2Fixtures.Small(), new Generator(113));
        var ids = arange(Scalars.Keep(0), Scalars.Keep(24), ScalarType.Int64).remainder(Scalars.Keep(6)).unsqueeze(0).repeat(4, 1);
        using var batch = Gpt2Fixtures.Batch(ids, labels: ids);
        using var optimizer = new AdamW(model.parameters(), new AdamWOptions { LearningRate = 3e-3, WeightDecay = 0 });
        var first = 0f;
        var last = 0f;
        for (var step = 0; step < 60; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.ZeroGrad();
            var loss = model.call(batch).Loss!;
            loss.backward();
            optimizer.Step();
            last = loss.item<float>();
            if (step == 0) first = last;
        }

        Assert.That(last, Is.LessThan(first / 5), $"loss {first} -> {last}");
    }
}
