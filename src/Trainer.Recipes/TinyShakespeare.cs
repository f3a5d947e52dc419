namespace Training.Recipes;

/// <summary>
/// The Tiny Shakespeare corpus (public domain, ~1 MB) the jobs train on when no data is given: this library's
/// project copies it into the output folder of every program that references it.
/// </summary>
public static class TinyShakespeare
{
    /// <summary>Where the corpus lies relative to the program's folder.</summary>
    public const string RelativePath = "data/tinyshakespeare.txt";

    /// <summary>The corpus next to the running program; <see cref="FileNotFoundException"/> when it was not copied there.</summary>
    public static string Path
    {
        get
        {
            var path = System.IO.Path.Combine(AppContext.BaseDirectory, RelativePath);
            return File.Exists(path) ? path : throw new FileNotFoundException($"{RelativePath} was not copied next to the program", path);
        }
    }
}
