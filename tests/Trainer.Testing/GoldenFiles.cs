using System.Text.Json;
using System.Text.Json.Nodes;

namespace Training.Testing;

/// <summary>
/// Reference values produced by the original implementations. Read from the folder in
/// <c>TRAINER_GOLDEN_DIR</c> when it is set (same file names), else from the project's copy in tests/golden.
/// </summary>
public static class GoldenFiles
{
    /// <summary>The environment variable that points at another folder of golden files.</summary>
    public const string DirectoryVariable = "TRAINER_GOLDEN_DIR";

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false };

    /// <summary>The folder golden files are read from.</summary>
    public static string Directory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
            if (!string.IsNullOrWhiteSpace(configured)) return configured;
            return Repository.File("tests", "golden");
        }
    }

    /// <summary>Parses a golden JSON file (non-finite numbers are written as "NaN"/"Infinity" strings).</summary>
    public static JsonNode Load(string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"golden file {fileName} not found in {Directory}", path);
        return JsonNode.Parse(File.ReadAllText(path), documentOptions: DocumentOptions)
               ?? throw new InvalidDataException($"{path} is empty");
    }

    /// <summary>A number that may be written as "NaN", "Infinity" or "-Infinity".</summary>
    public static double Number(JsonNode? node) => node switch
    {
        null => throw new InvalidDataException("expected a number, found null"),
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) => s switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => throw new InvalidDataException($"expected a number, found \"{s}\""),
        },
        _ => throw new InvalidDataException($"expected a number, found {node.ToJsonString()}"),
    };

    /// <summary>A (possibly nested) array of numbers flattened in row-major order.</summary>
    public static double[] Flatten(JsonNode? node)
    {
        var result = new List<double>();
        void Walk(JsonNode? n)
        {
            if (n is JsonArray array) foreach (var item in array) Walk(item);
            else result.Add(Number(n));
        }

        Walk(node);
        return result.ToArray();
    }

    /// <summary>The shape of a nested array (a scalar has shape []).</summary>
    public static long[] Shape(JsonNode? node)
    {
        var shape = new List<long>();
        while (node is JsonArray array)
        {
            shape.Add(array.Count);
            node = array.Count > 0 ? array[0] : null;
        }

        return shape.ToArray();
    }

    /// <summary>Serialises a node for messages.</summary>
    public static string Show(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
