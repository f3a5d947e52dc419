using System.Text;

namespace Training.Models.Tests;

public class CharTokenizerTests
{
    [Test]
    public void EncodeThenDecodeGivesTheTextBack()
    {
        const string text = "First Citizen:\nBefore we proceed – héllo, wörld 🙂!";
        var tokenizer = CharTokenizer.FromText(text);
        Assert.That(tokenizer.Decode(tokenizer.Encode(text)), Is.EqualTo(text));
    }

    [Test]
    public void OneTokenPerCodePointEvenOutsideTheBasicPlane()
    {
        var tokenizer = CharTokenizer.FromText("a🙂b");
        Assert.That(tokenizer.Encode("🙂🙂"), Has.Length.EqualTo(2));
        Assert.That(tokenizer.VocabSize, Is.EqualTo(3));
    }

    [Test]
    public void TheVocabularyIsSortedByCodePointWhateverTheOrderOfTheText()
    {
        var forward = CharTokenizer.FromText("hello world");
        var shuffled = CharTokenizer.FromText("dlrow olleh");
        Assert.That(forward.Vocabulary, Is.EqualTo(shuffled.Vocabulary));
        Assert.That(string.Concat(forward.Vocabulary), Is.EqualTo(" dehlorw"));
        Assert.That(forward.Encode("dew"), Is.EqualTo(new long[] { 1, 2, 7 }));
    }

    [Test]
    public void TinyShakespeareHasNanoGptsSixtyFiveCharacters()
    {
        var tokenizer = CharTokenizer.FromText(File.ReadAllText(Repository.File("data", "tinyshakespeare.txt")));
        Assert.That(tokenizer.VocabSize, Is.EqualTo(65));
        Assert.That(tokenizer.Vocabulary[0], Is.EqualTo(new Rune('\n')));
    }

    [Test]
    public void UnknownCharactersAndIdsAreRejected()
    {
        var tokenizer = CharTokenizer.FromText("abc");
        Assert.That(() => tokenizer.Encode("abz"), Throws.ArgumentException.With.Message.Contains("U+007A"));
        Assert.That(() => tokenizer.Decode([0, 3]), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new CharTokenizer([]), Throws.ArgumentException);
    }
}
