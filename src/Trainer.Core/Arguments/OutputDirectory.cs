namespace Training.Core;

/// <summary>
/// Start-up check of <c>OutputDir</c>: it must be a folder the run can write to, or a path whose nearest existing
/// ancestor is such a folder (it is created at the first write). Checked by writing and deleting a probe file, the
/// only test that holds for root, read-only mounts and special files alike — so a run that could not save is
/// refused before training, not at its first checkpoint.
/// </summary>
internal static class OutputDirectory
{
    /// <summary>What is wrong with <paramref name="outputDir"/> as an output folder, or null when it is usable.</summary>
    public static string? Problem(string outputDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDir);
        string full;
        try
        {
            full = Path.GetFullPath(outputDir);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{outputDir}' is not a valid path ({e.Message})";
        }

        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing) || IsSpecialFile(existing))
                return existing == full
                    ? $"'{outputDir}' is a file, not a folder"
                    : $"'{outputDir}' cannot be created: '{existing}' is a file, not a folder";
            var parent = Path.GetDirectoryName(existing);
            if (parent is null) return $"'{outputDir}' cannot be created: no part of the path exists";
            existing = parent;
        }

        return CanWrite(existing, out var reason)
            ? null
            : existing == full
                ? $"'{outputDir}' is not writable ({reason})"
                : $"'{outputDir}' cannot be created: '{existing}' is not writable ({reason})";
    }

    private static bool CanWrite(string folder, out string reason)
    {
        var probe = Path.Combine(folder, $".trainer-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            reason = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The probe's own name means nothing to the user; the OS reason ("Read-only file system", ...) does.
            reason = e switch
            {
                UnauthorizedAccessException => "permission denied",
                // A pseudo file system such as /proc answers "no such file" to creating one.
                FileNotFoundException or DirectoryNotFoundException => "files cannot be created in it",
                _ => e.Message.Replace($" : '{probe}'", "", StringComparison.Ordinal).Replace($"'{probe}'", "it", StringComparison.Ordinal).TrimEnd('.'),
            };
            return false;
        }
    }

    // Device files, sockets and pipes (/dev/null) are neither File nor Directory to .NET, but exist.
    private static bool IsSpecialFile(string path)
    {
        try
        {
            return (File.GetAttributes(path) & FileAttributes.Directory) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
