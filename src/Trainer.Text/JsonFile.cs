using System.Text.Json;

namespace Training.Text;

/// <summary>Reads a JSON file into a document, turning every failure into a <see cref="TokenizerFileException"/> naming it.</summary>
internal static class JsonFile
{
    public static JsonDocument Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new TokenizerFileException(path, $"is not valid JSON ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerFileException(path, $"cannot be read ({e.Message})", e);
        }
    }

    /// <summary>The string at <paramref name="name"/>, or null when absent or JSON null; an error when another kind.</summary>
    public static string? OptionalString(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new TokenizerFileException(path, $"'{name}' must be a string, found {value.ValueKind}");
    }

    /// <summary>A string → id object (a vocabulary).</summary>
    public static Dictionary<string, int> Ids(JsonElement element, string what, string path)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new TokenizerFileException(path, $"{what} must be an object of token → id, found {element.ValueKind}");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
                throw new TokenizerFileException(path, $"{what}: the id of '{entry.Name}' must be a non-negative integer, found {entry.Value}");
            ids[entry.Name] = id;
        }

        return ids;
    }
}
