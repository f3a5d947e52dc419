using System.Text.Json.Nodes;

namespace Training.Integrations.Tests.Golden;

/// <summary>
/// integrations.json (schema in the golden README): small deterministic problems and, per case, the parameters
/// and state the upstream implementation produced after every step. Read through <see cref="GoldenFiles"/>, so
/// <c>TRAINER_GOLDEN_DIR</c> may point at a file with more cases of the same schema.
/// </summary>
public static class IntegrationGolden
{
    /// <summary>The file name.</summary>
    public const string FileName = "integrations.json";

    private static readonly Lazy<JsonNode> Root = new(() => GoldenFiles.Load(FileName));

    /// <summary>Every case, in file order.</summary>
    public static IReadOnlyList<IntegrationCase> Cases =>
        Root.Value["cases"]!.AsArray().Select(c => new IntegrationCase(c!.AsObject())).ToList();

    /// <summary>The case of that name.</summary>
    public static IntegrationCase Case(string name) =>
        Cases.SingleOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"{FileName} has no case '{name}'");

    /// <summary>A problem by name (p8x6, p6x8, p20x30, ...).</summary>
    public static IntegrationProblem Problem(string name) =>
        Root.Value["problems"]?[name] is JsonObject problem
            ? new IntegrationProblem(name, problem)
            : throw new KeyNotFoundException($"{FileName} has no problem '{name}'");

    /// <summary>bitsandbytes' dynamic quantisation maps (256 codes each): "dynamic_signed", "dynamic_unsigned".</summary>
    public static double[] QuantizationMap(string name) => GoldenFiles.Flatten(Root.Value["bitsandbytes_qmaps"]![name]);
}

/// <summary>One problem: a weight and a bias, their initial values and one gradient per step.</summary>
public sealed class IntegrationProblem(string name, JsonObject node)
{
    /// <summary>The problem's name.</summary>
    public string Name { get; } = name;

    /// <summary>Shape of the weight.</summary>
    public long[] WeightShape { get; } = node["weight_shape"]!.AsArray().Select(v => (long)v!).ToArray();

    /// <summary>Shape of the bias.</summary>
    public long[] BiasShape { get; } = node["bias_shape"]!.AsArray().Select(v => (long)v!).ToArray();

    /// <summary>Number of steps.</summary>
    public int Steps => Gradients.Count;

    /// <summary>Initial values (flat, row-major) by parameter name.</summary>
    public double[] Initial(string parameter) => GoldenFiles.Flatten(node["initial"]![parameter]);

    /// <summary>Gradients per step (index t−1 for step t).</summary>
    public IReadOnlyList<JsonObject> Gradients { get; } = node["grads"]!.AsArray().Select(g => g!.AsObject()).ToList();

    /// <summary>The shape of a parameter by name.</summary>
    public long[] Shape(string parameter) => parameter switch
    {
        "weight" => WeightShape,
        "bias" => BiasShape,
        _ => throw new KeyNotFoundException($"problem {Name} has no parameter '{parameter}'"),
    };
}

/// <summary>One case of integrations.json.</summary>
public sealed class IntegrationCase(JsonObject node)
{
    /// <summary>The raw JSON.</summary>
    public JsonObject Node { get; } = node;

    /// <summary>The case name (the test's name).</summary>
    public string Name => (string)Node["name"]!;

    /// <summary>The Trainer <c>optim</c> value it mirrors, or a note.</summary>
    public string TrainerOptim => (string?)Node["trainer_optim"] ?? "";

    /// <summary>The upstream class name.</summary>
    public string Class => (string)Node["class"]!;

    /// <summary>The upstream repository (owner/name).</summary>
    public string Repository => (string?)Node["reference"]?["repo"] ?? "";

    /// <summary>The problem.</summary>
    public IntegrationProblem Problem => IntegrationGolden.Problem((string)Node["problem"]!);

    /// <summary>The parameter dtype (float32 or bfloat16).</summary>
    public ScalarType ParamDtype => (string?)Node["param_dtype"] switch
    {
        null or "float32" => ScalarType.Float32,
        "bfloat16" => ScalarType.BFloat16,
        "float16" => ScalarType.Float16,
        var other => throw new InvalidDataException($"case {Name}: unknown param_dtype '{other}'"),
    };

    /// <summary>Constructor keyword arguments exactly as passed upstream (tuples as double[]).</summary>
    public Dictionary<string, object?> CtorKwargs => CaseValues.Options(Node["ctor_kwargs"] as JsonObject);

    /// <summary>The parameter groups passed upstream (parameter names instead of tensors), or null.</summary>
    public JsonArray? ParamGroups => Node["param_groups"] as JsonArray;

    /// <summary>ok | skipped | error | raised_as_expected | unexpected_success.</summary>
    public string Status => (string?)Node["status"] ?? "ok";

    /// <summary>The error text of an error / raised_as_expected case.</summary>
    public string? Error => (string?)Node["error"];

    /// <summary>True when the reference is expected to raise.</summary>
    public bool ExpectError => (bool?)Node["expect_error"] ?? false;

    /// <summary>The step records.</summary>
    public IReadOnlyList<JsonObject> Steps => (Node["steps"] as JsonArray)?.Select(s => s!.AsObject()).ToList() ?? [];

    /// <summary>The case's notes.</summary>
    public string Notes => Node["notes"]?.ToString() ?? "";

    /// <inheritdoc/>
    public override string ToString() => Name;
}
