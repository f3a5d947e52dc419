namespace Training.Optim.Tests.Arguments;

/// <summary>The one conversion table: the same value written as OptimArgs text, a configuration string or a JSON value binds to the same typed value.</summary>
public sealed class ArgumentCoercionTests
{
    private static IEnumerable<TestCaseData> Accepted()
    {
        object?[][] cases =
        [
            [ArgumentKind.Number, "1e-3", 1e-3],
            [ArgumentKind.Number, " 0.5 ", 0.5],
            [ArgumentKind.Number, 3L, 3.0],
            [ArgumentKind.Number, 2.5f, 2.5],
            [ArgumentKind.Number, 7, 7.0],
            [ArgumentKind.Integer, "4", 4L],
            [ArgumentKind.Integer, "4.0", 4L],
            [ArgumentKind.Integer, 4.0, 4L],
            [ArgumentKind.Integer, 12, 12L],
            [ArgumentKind.Flag, "True", true],
            [ArgumentKind.Flag, "off", false],
            [ArgumentKind.Flag, "1", true],
            [ArgumentKind.Flag, 0L, false],
            [ArgumentKind.Flag, true, true],
            [ArgumentKind.Text, "channel", "channel"],
            [ArgumentKind.Pair, "(0.9,0.99)", new[] { 0.9, 0.99 }],
            [ArgumentKind.Pair, "[0.9, 0.99]", new[] { 0.9, 0.99 }],
            [ArgumentKind.Pair, new List<object?> { 0.9, 1L }, new[] { 0.9, 1.0 }],
            [ArgumentKind.Numbers, "[1, 2.5]", new[] { 1.0, 2.5 }],
            [ArgumentKind.Numbers, 3.0, new[] { 3.0 }],
            [ArgumentKind.Integers, "[10, 20]", new long[] { 10, 20 }],
            [ArgumentKind.Integers, new List<object?> { 10L, 20.0 }, new long[] { 10, 20 }],
            [ArgumentKind.NumberOrNumbers, "0.1", 0.1],
            [ArgumentKind.NumberOrNumbers, "[0.1, 0.2]", new[] { 0.1, 0.2 }],
            [ArgumentKind.NumberOrNumbers, new List<object?> { 1L }, new[] { 1.0 }],
        ];
        return cases.Select(c => new TestCaseData(c[0], c[1], c[2]).SetName($"{c[0]} accepts {Show(c[1])}"));
    }

    private static IEnumerable<TestCaseData> Refused()
    {
        object?[][] cases =
        [
            [ArgumentKind.Number, "abc", "a finite number"],
            [ArgumentKind.Number, "nan", "a finite number"],
            [ArgumentKind.Number, "inf", "a finite number"],
            [ArgumentKind.Number, double.NaN, "a finite number"],
            [ArgumentKind.Number, true, "a finite number"],
            [ArgumentKind.Integer, "4.5", "an integer"],
            [ArgumentKind.Integer, 1e30, "an integer"],
            [ArgumentKind.Flag, "maybe", "a boolean"],
            [ArgumentKind.Flag, 2L, "a boolean"],
            [ArgumentKind.Text, 3L, "a string"],
            [ArgumentKind.Pair, "(0.9)", "a pair"],
            [ArgumentKind.Pair, "(0.9, 0.99]", "a pair"],
            [ArgumentKind.Pair, "0.9", "a pair"],
            [ArgumentKind.Numbers, "[1, x]", "a list of finite numbers"],
            [ArgumentKind.Integers, "[1.5]", "a list of integers"],
            [ArgumentKind.Number, "None", "a finite number"],
        ];
        return cases.Select(c => new TestCaseData(c[0], c[1], c[2]).SetName($"{c[0]} refuses {Show(c[1])}"));
    }

    [TestCaseSource(nameof(Accepted))]
    public void Converts(ArgumentKind kind, object? raw, object expected)
    {
        Assert.That(ArgumentCoercion.TryCoerce(new ArgumentSpec("k", kind), raw, out var value, out _), Is.True);
        Assert.That(value, Is.EqualTo(expected));
        Assert.That(value!.GetType(), Is.EqualTo(expected.GetType()));
    }

    [TestCaseSource(nameof(Refused))]
    public void Refuses(ArgumentKind kind, object? raw, string expected)
    {
        Assert.That(ArgumentCoercion.TryCoerce(new ArgumentSpec("k", kind), raw, out _, out var wanted), Is.False);
        Assert.That(wanted, Does.StartWith(expected));
    }

    [TestCase(null)]
    [TestCase("None")]
    [TestCase("none")]
    [TestCase("")]
    public void NoneBindsOnlyToNullable(string? raw)
    {
        Assert.That(ArgumentCoercion.TryCoerce(new ArgumentSpec("k", ArgumentKind.Number) { Nullable = true }, raw, out var value, out _), Is.True);
        Assert.That(value, Is.Null);
        Assert.That(ArgumentCoercion.TryCoerce(new ArgumentSpec("k", ArgumentKind.Number), raw, out _, out var expected), Is.False);
        Assert.That(expected, Is.EqualTo("a finite number"));
    }

    [Test]
    public void AnyPassesTheValueThrough()
    {
        Func<long, double> lambda = _ => 1;
        Assert.That(ArgumentCoercion.TryCoerce(new ArgumentSpec("lr_lambda", ArgumentKind.Any), lambda, out var value, out _), Is.True);
        Assert.That(value, Is.SameAs(lambda));
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        System.Collections.IEnumerable e => $"[{string.Join(",", e.Cast<object?>())}]",
        _ => $"{value} ({value.GetType().Name})",
    };
}
