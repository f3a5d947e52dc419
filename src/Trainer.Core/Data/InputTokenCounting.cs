using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// How the Trainer counts the input tokens it has seen (Transformers' <c>include_num_input_tokens_seen</c>):
/// <c>no</c> and <c>all</c> count every entry of <c>input_ids</c>, <c>non_padding</c> the ones of <c>attention_mask</c>
/// (every input token when the batch has no mask). With anything but <c>no</c>, each log entry carries
/// <c>num_input_tokens_seen</c>.
/// </summary>
internal static class InputTokenCounting
{
    /// <summary>The accepted values (true/false stand for all/no, as Transformers' bool form).</summary>
    public static readonly string[] Values = ["no", "all", "non_padding", "true", "false"];

    /// <summary>Whether <paramref name="setting"/> puts the count into log entries.</summary>
    public static bool IsLogged(string setting) => !Is(setting, "no") && !Is(setting, "false");

    /// <summary>The input tokens of <paramref name="batch"/> under <paramref name="setting"/>.</summary>
    public static long Count(Batch batch, string setting)
    {
        if (!batch.Contains("input_ids")) return 0;
        if (Is(setting, "non_padding") && batch.Contains("attention_mask"))
        {
            using var sum = batch["attention_mask"].sum();
            return sum.to_type(ScalarType.Int64).item<long>();
        }

        return batch["input_ids"].numel();
    }

    /// <summary>Whether <paramref name="setting"/> is one of <see cref="Values"/> (any case).</summary>
    public static bool IsValid(string? setting) => setting is not null && Values.Any(v => Is(setting, v));

    private static bool Is(string setting, string value) => string.Equals(setting?.Trim(), value, StringComparison.OrdinalIgnoreCase);
}
