using System.Text;

namespace Training.Text.Tests;

/// <summary>GPT-2's vocab.json and merges.txt rebuilt from the tiktoken ranks of the Data.Gpt2 package.</summary>
public class TiktokenBpeConverterTests
{
    [Test]
    public void Gpt2sRanksGiveItsVocabularyAndMerges()
    {
        var model = TiktokenBpeConverter.Gpt2(PretrainedTokenizer.Gpt2().SpecialTokens);
        Assert.Multiple(() =>
        {
            Assert.That(model.Vocabulary, Has.Count.EqualTo(50257));
            Assert.That(model.Merges, Has.Count.EqualTo(50000));
            Assert.That(model.Vocabulary["!"], Is.EqualTo(0), "GPT-2's ids start with the printable bytes");
            Assert.That(model.Vocabulary["Ġthe"], Is.EqualTo(262));
            Assert.That(model.Vocabulary["<|endoftext|>"], Is.EqualTo(50256));
            // GPT-2's merges.txt begins so; merge k makes the token of id 256 + k.
            Assert.That(model.Merges.Take(7), Is.EqualTo(new[] { "Ġ t", "Ġ a", "h e", "i n", "r e", "o n", "Ġt he" }));
            Assert.That(model.Pattern, Is.EqualTo(ByteLevelPreTokenizer.Gpt2Pattern));
        });
    }

    [Test]
    public void ATokenThatIsNoMergeOfLowerRanksIsRefused()
    {
        // "abc" (rank 3) cannot be made by one merge: no "ab" or "bc" below it.
        var ranks = string.Join("\n", new[] { "a", "b", "c", "abc" }.Select((t, i) => $"{Convert.ToBase64String(Encoding.ASCII.GetBytes(t))} {i}"));
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(ranks));
        var e = Assert.Throws<InvalidDataException>(() => TiktokenBpeConverter.Convert(stream, new Dictionary<string, int>(), "test ranks"));
        Assert.That(e!.Message, Does.Contain("rank 3").And.Contain("'abc'").And.Contain("3 pieces"));
    }

    [Test]
    public void RanksOutOfOrderAreRefused()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("YQ== 0\nYg== 2\n"));
        var e = Assert.Throws<InvalidDataException>(() => TiktokenBpeConverter.Convert(stream, new Dictionary<string, int>(), "test ranks"));
        Assert.That(e!.Message, Does.Contain("test ranks line 2: rank 2 where 1 was next"));
    }
}
