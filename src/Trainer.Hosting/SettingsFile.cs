using System.Text;
using System.Text.Json;

namespace Training.Hosting;

/// <summary>
/// Checks an <c>appsettings.json</c> before the JSON configuration provider reads it, so a malformed file is
/// reported with its path, line, column and reason (the provider only says "Could not parse the JSON file").
/// The rules are the provider's: comments and trailing commas are allowed, the top level is an object, and a key
/// may not appear twice in one object (keys compare case-insensitively, as configuration keys do).
/// </summary>
internal static class SettingsFile
{
    /// <summary>The problem with the file at <paramref name="path"/>, or null when it is valid (or absent).</summary>
    public static string? Problem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) return $"{path} is a folder, not a JSON settings file";
        if (!File.Exists(path)) return null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{path} cannot be read: {e.Message}";
        }

        if (Encoding.UTF8.GetString(bytes).Trim().Trim('\uFEFF').Length == 0)
            return $"{path} is empty: it must hold a JSON object such as {{ \"Training\": {{ \"MaxSteps\": 100 }} }}";
        return Scan(bytes, path);
    }

    private static string? Scan(byte[] bytes, string path)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        // One set of keys per open object; null for an open array.
        var scopes = new Stack<HashSet<string>?>();
        try
        {
            var first = true;
            while (reader.Read())
            {
                if (first && reader.TokenType != JsonTokenType.StartObject)
                    return $"{Where(path, bytes, reader.TokenStartIndex)}: the top level must be a JSON object {{ ... }}, not {Describe(reader.TokenType)}";
                first = false;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        scopes.Push(new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                        break;
                    case JsonTokenType.StartArray:
                        scopes.Push(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (!scopes.Peek()!.Add(name))
                            return $"{Where(path, bytes, reader.TokenStartIndex)}: the key \"{name}\" appears twice in the same object (keys ignore case)";
                        break;
                }
            }

            return null;
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            return $"{path}, line {line}, column {column}: {Reason(e.Message)}";
        }
    }

    private static string Where(string path, byte[] bytes, long offset)
    {
        var line = 1;
        var lineStart = 0L;
        for (var i = 0L; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] != '\n') continue;
            line++;
            lineStart = i + 1;
        }

        return $"{path}, line {line}, column {offset - lineStart + 1}";
    }

    // System.Text.Json appends "LineNumber: n | BytePositionInLine: m." to its reason; the position is reported already.
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
