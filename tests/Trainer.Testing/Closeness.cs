using NUnit.Framework;

namespace Training.Testing;

/// <summary>Element-wise comparisons with a relative tolerance and an absolute floor, reporting the worst element.</summary>
public static class Closeness
{
    /// <summary>Asserts |actual − expected| ≤ atol + rtol·|expected| element by element.</summary>
    public static void AssertClose(IReadOnlyList<double> actual, IReadOnlyList<double> expected, double rtol, double atol, string what)
    {
        Assert.That(actual.Count, Is.EqualTo(expected.Count), $"{what}: element count");
        var worst = -1;
        var worstExcess = 0.0;
        for (var i = 0; i < actual.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            var excess = Math.Abs(a - e) - (atol + rtol * Math.Abs(e));
            if (excess > worstExcess || double.IsNaN(a) != double.IsNaN(e))
            {
                worstExcess = double.IsNaN(excess) ? double.PositiveInfinity : excess;
                worst = i;
            }
        }

        if (worst >= 0)
            Assert.Fail($"{what}: element {worst} is {actual[worst]:R}, expected {expected[worst]:R} (rtol {rtol}, atol {atol})");
    }
}
