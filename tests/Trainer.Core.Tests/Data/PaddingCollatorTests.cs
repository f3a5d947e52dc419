using static Training.Core.Tests.Data.BatchValues;

namespace Training.Core.Tests.Data;

/// <summary>The padding collators against hand-computed tensors.</summary>
public class PaddingCollatorTests
{
    private static readonly TokenizedExample Short = Example([5, 6]);
    private static readonly TokenizedExample Long = Example([1, 2, 3, 4]);

    [Test]
    public void WithPaddingPadsRightToTheLongestAndMasksThePadding()
    {
        using var batch = Collate(new DataCollatorWithPadding(padTokenId: 0), Short, Long);
        Assert.Multiple(() =>
        {
            Assert.That(batch.Size, Is.EqualTo(2));
            Assert.That(batch.Names, Is.EquivalentTo(new[] { "input_ids", "attention_mask" }), "no labels when no example has any");
            Assert.That(Rows(batch, "input_ids"), Is.EqualTo(new[] { new long[] { 5, 6, 0, 0 }, [1, 2, 3, 4] }));
            Assert.That(Rows(batch, "attention_mask"), Is.EqualTo(new[] { new long[] { 1, 1, 0, 0 }, [1, 1, 1, 1] }));
        });
    }

    [Test]
    public void LeftPaddingPutsThePadBeforeTheTokens()
    {
        using var batch = Collate(new DataCollatorWithPadding(padTokenId: 9) { PaddingSide = PaddingSide.Left }, Short, Long);
        Assert.Multiple(() =>
        {
            Assert.That(Rows(batch, "input_ids"), Is.EqualTo(new[] { new long[] { 9, 9, 5, 6 }, [1, 2, 3, 4] }));
            Assert.That(Rows(batch, "attention_mask"), Is.EqualTo(new[] { new long[] { 0, 0, 1, 1 }, [1, 1, 1, 1] }));
        });
    }

    [TestCase(3, 6)]
    [TestCase(4, 4)]
    [TestCase(8, 8)]
    [TestCase(1, 4)]
    public void PadToMultipleOfRoundsTheLengthUp(int multiple, int expected)
    {
        using var batch = Collate(new DataCollatorWithPadding(padTokenId: 0) { PadToMultipleOf = multiple }, Short, Long);
        Assert.That(Shape(batch, "input_ids"), Is.EqualTo(new long[] { 2, expected }));
        Assert.That(Rows(batch, "attention_mask")[1].Sum(), Is.EqualTo(4), "padding added for the multiple is masked");
    }

    [Test]
    public void AnExamplesOwnAttentionMaskIsKeptAndPaddingIsZero()
    {
        using var batch = Collate(new DataCollatorWithPadding(padTokenId: 0), Example([7, 8], mask: [0, 1]), Long);
        Assert.That(Rows(batch, "attention_mask"), Is.EqualTo(new[] { new long[] { 0, 1, 0, 0 }, [1, 1, 1, 1] }));
    }

    [Test]
    public void WithPaddingPadsTokenLabelsWithMinus100()
    {
        using var batch = Collate(new DataCollatorWithPadding(padTokenId: 0), Example([5, 6], labels: [-100, 6]), Example([1, 2, 3], labels: [1, 2, 3]));
        Assert.That(Rows(batch, "labels"), Is.EqualTo(new[] { new long[] { -100, 6, -100 }, [1, 2, 3] }));
    }

    [Test]
    public void WithPaddingRefusesLabelsOfAnotherLength()
    {
        var e = Assert.Throws<ArgumentException>(() => Collate(new DataCollatorWithPadding(0), Example([5, 6], labels: [1, 2, 3])));
        Assert.That(e!.Message, Does.Contain("2 input ids but 3 labels").And.Contain(nameof(DataCollatorForSeq2Seq)));
    }

    [Test]
    public void Seq2SeqPadsLabelsToTheirOwnLongestWithMinus100()
    {
        using var batch = Collate(new DataCollatorForSeq2Seq(padTokenId: 0) { PadToMultipleOf = 2 },
            Example([1, 2, 3], labels: [7]), Example([4], labels: [8, 9, 10]));
        Assert.Multiple(() =>
        {
            Assert.That(Rows(batch, "input_ids"), Is.EqualTo(new[] { new long[] { 1, 2, 3, 0 }, [4, 0, 0, 0] }));
            Assert.That(Rows(batch, "attention_mask"), Is.EqualTo(new[] { new long[] { 1, 1, 1, 0 }, [1, 0, 0, 0] }));
            Assert.That(Rows(batch, "labels"), Is.EqualTo(new[] { new long[] { 7, -100, -100, -100 }, [8, 9, 10, -100] }));
        });
    }

    [Test]
    public void Seq2SeqLeftPaddingPadsLabelsOnTheLeftToo()
    {
        using var batch = Collate(new DataCollatorForSeq2Seq(padTokenId: 0) { PaddingSide = PaddingSide.Left, LabelPadTokenId = -1 },
            Example([1], labels: [7]), Example([4, 5], labels: [8, 9]));
        Assert.That(Rows(batch, "labels"), Is.EqualTo(new[] { new long[] { -1, 7 }, [8, 9] }));
        Assert.That(Rows(batch, "input_ids"), Is.EqualTo(new[] { new long[] { 0, 1 }, [4, 5] }));
    }

    [Test]
    public void Seq2SeqNeedsLabelsOnEveryExample()
    {
        var e = Assert.Throws<ArgumentException>(() => Collate(new DataCollatorForSeq2Seq(0), Example([1], labels: [1]), Example([2])));
        Assert.That(e!.Message, Does.Contain("example 1"));
    }

    [Test]
    public void CausalLabelsAreTheInputsWithMinus100WhereTheMaskIsZeroEvenWhenPadIsEos()
    {
        // GPT-2 pads with its EOS (50256); the real EOS at the end of the first example keeps its label.
        const int eos = 50256;
        using var batch = Collate(new DataCollatorForLanguageModeling(padTokenId: eos), Example([10, eos]), Example([11, 12, 13, eos]));
        Assert.Multiple(() =>
        {
            Assert.That(Rows(batch, "input_ids"), Is.EqualTo(new[] { new long[] { 10, eos, eos, eos }, [11, 12, 13, eos] }));
            Assert.That(Rows(batch, "attention_mask"), Is.EqualTo(new[] { new long[] { 1, 1, 0, 0 }, [1, 1, 1, 1] }));
            Assert.That(Rows(batch, "labels"), Is.EqualTo(new[] { new long[] { 10, eos, -100, -100 }, [11, 12, 13, eos] }));
        });
    }

    [Test]
    public void CausalKeepsAnExamplesOwnLabelsAndMasksItsZeroAttention()
    {
        using var batch = Collate(new DataCollatorForLanguageModeling(padTokenId: 0) { PaddingSide = PaddingSide.Left },
            Example([1, 2, 3], labels: [-100, -100, 3]), Example([4, 5, 6, 7], mask: [1, 1, 0, 1]));
        Assert.That(Rows(batch, "labels"), Is.EqualTo(new[] { new long[] { -100, -100, -100, 3 }, [4, 5, -100, 7] }));
    }

    [Test]
    public void ACollatorRefusesADatasetOfAnotherTypeNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataCollatorWithPadding(0).Collate(new ListDataset<int>([1]), [0]));
        Assert.That(e!.Message, Does.Contain("ListDataset").And.Contain(nameof(TokenizedExample)));
    }

    [Test]
    public void PadToMultipleOfMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DataCollatorWithPadding(0) { PadToMultipleOf = 0 });
    }
}
