using static Training.Core.Tests.Data.BatchValues;

namespace Training.Core.Tests.Data;

/// <summary>Masked-LM masking: Transformers' proportions, never on padding or special tokens, seeded per batch.</summary>
public class MaskedLmCollatorTests
{
    private const int Vocab = 1000;
    private const int Mask = 3;
    private const int Cls = 1;

    // Ids 100..999 so a random replacement is (almost always) distinguishable from the original and the mask.
    private static TokenizedExample[] Examples(int count, int length) =>
        [.. Enumerable.Range(0, count).Select(e => Example([Cls, .. Enumerable.Range(0, length - 1).Select(i => 100 + (e * 31 + i * 7) % 900)]))];

    private static DataCollatorForLanguageModeling Collator(double probability = 0.15) =>
        new(padTokenId: 0, new MaskedLmOptions(Mask, Vocab) { MlmProbability = probability, SpecialTokenIds = [Cls] });

    [Test]
    public void ProportionsFollowTransformers()
    {
        var examples = Examples(200, 500);
        using var batch = Collator().Collate(examples, new CollationContext(42, 0, 0));
        var inputs = Rows(batch, "input_ids").SelectMany(r => r).ToArray();
        var labels = Rows(batch, "labels").SelectMany(r => r).ToArray();
        var original = examples.SelectMany(e => e.InputIds.ToArray()).ToArray();
        int candidates = 0, selected = 0, masked = 0, random = 0, kept = 0;
        for (var p = 0; p < original.Length; p++)
        {
            if (original[p] == Cls)
            {
                Assert.That(labels[p], Is.EqualTo(-100), "a special token is never selected");
                Assert.That(inputs[p], Is.EqualTo(Cls));
                continue;
            }

            candidates++;
            if (labels[p] == -100)
            {
                Assert.That(inputs[p], Is.EqualTo(original[p]), "an unselected token is unchanged");
                continue;
            }

            selected++;
            Assert.That(labels[p], Is.EqualTo(original[p]), "the label of a selected token is the original");
            if (inputs[p] == Mask) masked++;
            else if (inputs[p] == original[p]) kept++;
            else random++;
        }

        // Binomial bounds at about 5 standard deviations: n = 99,800 candidates, ~15,000 selected.
        TestContext.Out.WriteLine($"selected {selected}/{candidates}, mask {masked}, random {random}, kept {kept}");
        Assert.Multiple(() =>
        {
            Assert.That((double)selected / candidates, Is.EqualTo(0.15).Within(5 * Math.Sqrt(0.15 * 0.85 / candidates)));
            Assert.That((double)masked / selected, Is.EqualTo(0.8).Within(5 * Math.Sqrt(0.8 * 0.2 / selected)));
            // A random draw equal to the original counts as kept: 1/1000 of the random share.
            Assert.That((double)random / selected, Is.EqualTo(0.1 * 0.999).Within(5 * Math.Sqrt(0.1 * 0.9 / selected)));
            Assert.That((double)kept / selected, Is.EqualTo(0.1 + 0.0001).Within(5 * Math.Sqrt(0.1 * 0.9 / selected)));
        });
    }

    [Test]
    public void PaddingIsNeverSelected()
    {
        var examples = new[] { Example([500]), Example([.. Enumerable.Range(100, 50)]) };
        using var batch = Collator(probability: 1.0).Collate(examples, new CollationContext(1, 0, 0));
        var labels = Rows(batch, "labels");
        Assert.Multiple(() =>
        {
            Assert.That(labels[0][0], Is.EqualTo(500), "with probability 1 every real token is selected");
            Assert.That(labels[0].Skip(1), Is.All.EqualTo(-100), "padding is not");
            Assert.That(Rows(batch, "input_ids")[0].Skip(1), Is.All.EqualTo(0), "padding keeps the pad id");
        });
    }

    [Test]
    public void TheMaskingIsAFunctionOfSeedEpochAndBatchIndex()
    {
        var examples = Examples(8, 64);
        long[][] Draw(CollationContext context)
        {
            using var batch = Collator().Collate(examples, context);
            return Rows(batch, "input_ids");
        }

        var reference = Draw(new CollationContext(7, 2, 5));
        Assert.Multiple(() =>
        {
            Assert.That(Draw(new CollationContext(7, 2, 5)), Is.EqualTo(reference), "same context, same masks");
            Assert.That(Draw(new CollationContext(8, 2, 5)), Is.Not.EqualTo(reference), "another seed");
            Assert.That(Draw(new CollationContext(7, 3, 5)), Is.Not.EqualTo(reference), "another epoch");
            Assert.That(Draw(new CollationContext(7, 2, 6)), Is.Not.EqualTo(reference), "another batch");
        });
    }

    [Test]
    public void TheExamplesAreNotChangedByMasking()
    {
        var examples = Examples(2, 100);
        var before = examples.Select(e => e.InputIds.ToArray()).ToArray();
        using var batch = Collator(probability: 1.0).Collate(examples, default);
        Assert.That(examples.Select(e => e.InputIds.ToArray()), Is.EqualTo(before));
    }

    [TestCase(-1, 0.8, 0.1, "MaskTokenId")]
    [TestCase(3, 1.5, 0.1, "MaskReplaceProbability")]
    [TestCase(3, 0.8, 0.3, "RandomReplaceProbability")]
    [TestCase(1000, 0.8, 0.1, "MaskTokenId")]
    public void InvalidOptionsAreRefusedNamingTheOption(int mask, double maskReplace, double randomReplace, string name)
    {
        var options = new MaskedLmOptions(mask, Vocab) { MaskReplaceProbability = maskReplace, RandomReplaceProbability = randomReplace };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DataCollatorForLanguageModeling(0, options));
        Assert.That(e!.ParamName, Is.EqualTo(name));
    }
}
