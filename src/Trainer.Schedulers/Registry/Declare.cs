using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Short declarations of scheduler arguments (<see cref="ArgumentSpec"/>s), so each entry's schema reads like the
/// upstream signature: <c>Declare.Number("gamma", 0.1)</c> is <c>gamma: float = 0.1</c>,
/// <c>Declare.OptionalInteger("T_max")</c> is <c>T_max: int | None = None</c>, <c>Declare.RequiredInteger("step_size")</c>
/// is a parameter without a default.
/// </summary>
internal static class Declare
{
    public static ArgumentSpec Number(string key, double value, ArgumentRule? rule = null) =>
        new(key, ArgumentKind.Number) { Default = value, Rule = rule };

    public static ArgumentSpec RequiredNumber(string key, ArgumentRule? rule = null) =>
        new(key, ArgumentKind.Number) { Required = true, Rule = rule };

    public static ArgumentSpec OptionalNumber(string key, ArgumentRule? rule = null) =>
        new(key, ArgumentKind.Number) { Nullable = true, Rule = rule };

    public static ArgumentSpec Integer(string key, long value, ArgumentRule? rule = null) =>
        new(key, ArgumentKind.Integer) { Default = value, Rule = rule };

    public static ArgumentSpec RequiredInteger(string key, ArgumentRule? rule = null) =>
        new(key, ArgumentKind.Integer) { Required = true, Rule = rule };

    public static ArgumentSpec OptionalInteger(string key, ArgumentRule? rule = null) =>
        new(key, ArgumentKind.Integer) { Nullable = true, Rule = rule };

    public static ArgumentSpec Flag(string key, bool value) => new(key, ArgumentKind.Flag) { Default = value };

    public static ArgumentSpec Text(string key, string value, ArgumentRule? rule = null) =>
        new(key, ArgumentKind.Text) { Default = value, Rule = rule };

    public static ArgumentSpec RequiredNumbers(string key) => new(key, ArgumentKind.Numbers) { Required = true };

    public static ArgumentSpec RequiredIntegers(string key) => new(key, ArgumentKind.Integers) { Required = true };

    /// <summary>Python's <c>float | list[float]</c> with a default for every group.</summary>
    public static ArgumentSpec Groups(string key, GroupValues value) =>
        new(key, ArgumentKind.NumberOrNumbers) { Default = value.IsPerGroup ? value.Values.ToArray() : value.Values[0] };

    public static ArgumentSpec RequiredGroups(string key) => new(key, ArgumentKind.NumberOrNumbers) { Required = true };

    public static ArgumentSpec OptionalGroups(string key) => new(key, ArgumentKind.NumberOrNumbers) { Nullable = true };

    /// <summary>A value the factory checks itself (a function, child scheduler specs); it may be None when not required.</summary>
    public static ArgumentSpec Object(string key, bool required = false) =>
        new(key, ArgumentKind.Any) { Required = required, Nullable = !required };
}
