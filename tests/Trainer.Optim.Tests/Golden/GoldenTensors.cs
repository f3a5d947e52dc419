using System.Text.Json.Nodes;

namespace Training.Optim.Tests.Golden;

/// <summary>Turns golden JSON into tensors and parameter-group options.</summary>
internal static class GoldenTensors
{
    public static Tensor Tensor(JsonNode? node, ScalarType dtype = ScalarType.Float32) =>
        torch.tensor(GoldenFiles.Flatten(node), GoldenFiles.Shape(node), dtype);

    public static Tensor Parameter(JsonNode? node, ScalarType dtype = ScalarType.Float32) =>
        Tensor(node, dtype).requires_grad_().DetachFromDisposeScope();

    /// <summary>Option values under PyTorch keys: numbers → double, lists → double[], bools, null.</summary>
    public static Dictionary<string, object?> Options(JsonObject? options)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (options is null) return result;
        foreach (var (key, value) in options)
        {
            result[key] = value switch
            {
                null => null,
                JsonArray array => GoldenFiles.Flatten(array),
                JsonValue v when v.TryGetValue<bool>(out var b) => b,
                JsonValue v when v.TryGetValue<string>(out var s) && s is not ("NaN" or "Infinity" or "-Infinity") => s,
                _ => GoldenFiles.Number(value),
            };
        }

        return result;
    }

    /// <summary>Assigns a fresh gradient, as the harnesses that made the files did.</summary>
    public static void SetGradient(Tensor parameter, JsonNode? gradient)
    {
        using var g = Tensor(gradient, parameter.dtype);
        parameter.grad = g;
    }

    public static double[] Values(Tensor t) => t.to(ScalarType.Float64).ToArray<double>();
}
