namespace Training.TorchExtensions;

/// <summary>
/// Builds the exceptions for files that break their format. <see cref="InvalidDataException"/> is
/// sealed, so every format error is one and callers catch a single type; the message always names the
/// file and the problem.
/// </summary>
internal static class FormatErrors
{
    public static InvalidDataException SafeTensors(string file, string problem, Exception? inner = null) =>
        new($"'{file}' is not a valid safetensors file: {problem}", inner);

    public static InvalidDataException TorchSave(string file, string problem, Exception? inner = null) =>
        new($"'{file}' is not a loadable torch.save file: {problem}", inner);
}
