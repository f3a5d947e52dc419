namespace Training.Models;

/// <summary>
/// A GPT-2 configuration (a Hugging Face <c>config.json</c>, or a <see cref="Gpt2Config"/> built in code) that cannot
/// describe a model: a missing field, a value of the wrong type, or a value outside its range. The message names the
/// file, the field (its <c>config.json</c> key) and the offending value.
/// </summary>
public sealed class Gpt2ConfigException : Exception
{
    /// <summary>Creates the error for <paramref name="field"/> of <paramref name="file"/> (null when built in code).</summary>
    public Gpt2ConfigException(string? file, string field, string? value, string problem, Exception? inner = null)
        : base(Describe(file, field, value, problem), inner)
    {
        File = file;
        Field = field;
        Value = value;
    }

    /// <summary>The <c>config.json</c> the configuration came from, or null for one built in code.</summary>
    public string? File { get; }

    /// <summary>The <c>config.json</c> key at fault (e.g. <c>n_embd</c>).</summary>
    public string Field { get; }

    /// <summary>The offending value as text (JSON for a value read from a file), or null when the field is missing.</summary>
    public string? Value { get; }

    private static string Describe(string? file, string field, string? value, string problem)
    {
        var source = file is null ? "GPT-2 config" : $"GPT-2 config '{file}'";
        return value is null ? $"{source}: '{field}' {problem}" : $"{source}: '{field}' = {value} {problem}";
    }
}
