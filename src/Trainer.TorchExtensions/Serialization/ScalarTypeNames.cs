namespace Training.TorchExtensions;

/// <summary>A two-way table between a file format's names for element types and <see cref="ScalarType"/>.</summary>
internal sealed class ScalarTypeNames
{
    private readonly (string Name, ScalarType Type)[] names;
    private readonly string format;

    public ScalarTypeNames(string format, params (string Name, ScalarType Type)[] names)
    {
        this.format = format;
        this.names = names;
    }

    /// <summary>The element type called <paramref name="name"/> (ordinal comparison), if there is one.</summary>
    public bool TryParse(string name, out ScalarType type)
    {
        foreach (var (n, t) in names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                type = t;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>The format's name for <paramref name="type"/>; throws when the format cannot hold it.</summary>
    public string NameOf(ScalarType type)
    {
        foreach (var (n, t) in names)
        {
            if (t == type) return n;
        }

        throw new NotSupportedException($"{format} cannot store tensors of dtype {type}");
    }
}
