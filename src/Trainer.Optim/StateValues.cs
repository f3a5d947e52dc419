using TorchSharp;
using static TorchSharp.torch;

namespace Training.Optim;

/// <summary>
/// Checks on values read from saved state dicts (optimizer groups, scheduler states): the same kind as the live
/// value they replace, and finite, so a corrupt file is refused before it reaches a running optimizer.
/// </summary>
public static class StateValues
{
    /// <summary>
    /// Refuses <paramref name="saved"/> when its kind (number, flag, text, pair/list, tensor) differs from
    /// <paramref name="live"/>'s, or when it is not finite although the live value is. A live None accepts anything.
    /// </summary>
    public static void CheckSameKind(string where, object? saved, object? live)
    {
        if (live is null) return;
        if (Kind(saved) != Kind(live))
            throw new InvalidDataException($"{where} is {Describe(saved)}, expected {Kind(live)} like the current value {Describe(live)}");
        switch (saved, live)
        {
            case (double s, double l) when !double.IsFinite(s) && double.IsFinite(l):
                throw new InvalidDataException($"{where} is {s}, expected a finite number");
            case (double[] s, double[] l):
                if (s.Length != l.Length) throw new InvalidDataException($"{where} has {s.Length} values, expected {l.Length}");
                if (s.Any(v => !double.IsFinite(v))) throw new InvalidDataException($"{where} is ({string.Join(", ", s)}), expected finite numbers");
                break;
        }
    }

    /// <summary>Refuses a floating-point tensor holding NaN or infinity.</summary>
    public static void CheckFinite(string where, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!torch.is_floating_point(tensor.dtype) || tensor.numel() == 0) return;
        using var scope = torch.NewDisposeScope();
        if (!torch.isfinite(tensor).all().item<bool>()) throw new InvalidDataException($"{where} holds NaN or infinite values");
    }

    /// <summary>The kind of a state value, for messages and comparisons.</summary>
    public static string Kind(object? value) => value switch
    {
        null => "None",
        bool => "a flag",
        double or float or long or int => "a number",
        string => "a string",
        Tensor => "a tensor",
        double[] or System.Collections.IList or object?[] => "a list",
        System.Collections.IDictionary => "a dictionary",
        _ => value.GetType().Name,
    };

    /// <summary>A value as a message shows it.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        double[] a => $"({string.Join(", ", a)})",
        Tensor t => $"a {t.dtype} tensor of shape [{string.Join(", ", t.shape)}]",
        bool or double or float or long or int or System.Numerics.BigInteger => $"{value}",
        _ => Kind(value),
    };
}
