namespace Training.Models;

/// <summary>
/// A Hugging Face GPT-2 folder that cannot be loaded: the folder, its <c>config.json</c> or its
/// <c>model.safetensors</c> is missing, or a tensor is missing, unexpected, of a non-float type or of a shape the
/// config does not give. The message names the path, the tensor and both shapes. (A malformed safetensors file raises
/// <see cref="InvalidDataException"/>; a bad <c>config.json</c> raises <see cref="Gpt2ConfigException"/>.)
/// </summary>
public sealed class Gpt2CheckpointException : Exception
{
    /// <summary>Creates the error for <paramref name="path"/> and, when one is at fault, <paramref name="tensor"/>.</summary>
    public Gpt2CheckpointException(string path, string problem, string? tensor = null, IReadOnlyList<long>? fileShape = null, IReadOnlyList<long>? expectedShape = null)
        : base($"GPT-2 checkpoint '{path}': {problem}")
    {
        Path = path;
        Tensor = tensor;
        FileShape = fileShape;
        ExpectedShape = expectedShape;
    }

    /// <summary>The folder or file at fault.</summary>
    public string Path { get; }

    /// <summary>The tensor at fault (its name in the file, or the name the model expected), or null.</summary>
    public string? Tensor { get; }

    /// <summary>The tensor's shape in the file, when its shape is at fault.</summary>
    public IReadOnlyList<long>? FileShape { get; }

    /// <summary>The shape the config gives that tensor, when its shape is at fault.</summary>
    public IReadOnlyList<long>? ExpectedShape { get; }
}
