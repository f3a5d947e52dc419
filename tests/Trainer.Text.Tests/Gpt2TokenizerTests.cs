namespace Training.Text.Tests;

/// <summary>GPT-2's tokenizer from the Data.Gpt2 package, against ids of the real GPT-2 tokenizer.</summary>
public class Gpt2TokenizerTests
{
    private static readonly PretrainedTokenizer Gpt2 = PretrainedTokenizer.Gpt2();

    // Ids as Hugging Face's GPT2TokenizerFast gives them.
    [TestCase("Hello world", new[] { 15496, 995 })]
    [TestCase(" the", new[] { 262 })]
    [TestCase("Hello, world!", new[] { 15496, 11, 995, 0 })]
    [TestCase("<|endoftext|>", new[] { 50256 })]
    [TestCase("a<|endoftext|>b", new[] { 64, 50256, 65 })]
    [TestCase("hi\n\nthere", new[] { 5303, 198, 198, 8117 })]
    public void EncodesAsGpt2(string text, int[] expected)
    {
        Assert.That(Gpt2.Encode(text), Is.EqualTo(expected));
    }

    [Test]
    public void ItsSpecialTokensAreGpt2s()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gpt2.EosTokenId, Is.EqualTo(50256));
            Assert.That(Gpt2.EosToken, Is.EqualTo("<|endoftext|>"));
            Assert.That(Gpt2.PadTokenId, Is.EqualTo(50256), "GPT-2 pads with its end-of-text token");
            Assert.That(Gpt2.BosTokenId, Is.EqualTo(50256));
            Assert.That(Gpt2.VocabSize, Is.EqualTo(50257));
            Assert.That(Gpt2.Name, Is.EqualTo("gpt2"));
        });
    }

    [TestCase("Hello, world!")]
    [TestCase("  spaces\tand\r\nnewlines  \n")]
    [TestCase("éàü — “quotes” 🙂 中文 <|endoftext|> after")]
    public void DecodeRoundTrips(string text)
    {
        Assert.That(Gpt2.Decode(Gpt2.Encode(text)), Is.EqualTo(text));
    }

    [Test]
    public void TheWholeOfTinyShakespeareRoundTrips()
    {
        var text = File.ReadAllText(Repository.File("data", "tinyshakespeare.txt"));
        var ids = Gpt2.Encode(text);
        Assert.That(ids, Has.Length.EqualTo(338025), "nanoGPT's shakespeare prepare.py: 301,966 train + 36,059 val GPT-2 tokens");
        Assert.That(Gpt2.Decode(ids), Is.EqualTo(text));
    }
}
