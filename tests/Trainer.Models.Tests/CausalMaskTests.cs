using Training.TorchExtensions;
namespace Training.Models.Tests;

/// <summary>The prediction at position t depends on tokens 0..t only.</summary>
public class CausalMaskTests
{
    [TestCase(8)]
    [TestCase(6)]
    public void LogitsUpToAPositionIgnoreEveryLaterToken(int length)
    {
        using var scope = NewDisposeScope();
        using var model = new TinyGpt(Models.Small(), new Generator(4));
        model.eval();
        var tokens = Models.Tokens(2, length, 11, seed: 5);
        var before = model.call(tokens);
        for (var t = 0; t < length - 1; t++)
        {
            // Replace every token after t by different random ones.
            var changed = tokens.clone();
            var later = changed.narrow(1, t + 1, length - t - 1);
            later.copy_(later.add(Models.Tokens(2, length - t - 1, 10, seed: (ulong)(10 + t)).add(Scalars.Keep(1))).remainder(Scalars.Keep(11)));
            var after = model.call(changed);
            Assert.That(after.narrow(1, 0, t + 1).allclose(before.narrow(1, 0, t + 1), rtol: 0, atol: 1e-6), Is.True,
                $"positions 0..{t} changed when only later tokens did");
            Assert.That(after.narrow(1, t + 1, 1).allclose(before.narrow(1, t + 1, 1), rtol: 0, atol: 1e-6), Is.False,
                $"position {t + 1} must see its own (changed) token");
        }
    }
}
