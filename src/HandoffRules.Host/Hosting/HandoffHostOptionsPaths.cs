using System.Text;

namespace HandoffRules.Host.Hosting;

/// <summary>
/// Checks of the files the host is pointed at, shared by option validation and the command line so
/// both say the same thing, before anything opens them.
/// </summary>
public static class HandoffHostPaths
{
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>What is wrong with a JSON-lines input file, or null when it can be read.</summary>
    public static string? InputProblem(string path) =>
        Directory.Exists(path) ? $"'{path}' is a folder, not a JSON-lines file."
        : !File.Exists(path) ? $"no file at '{path}'."
        : null;

    /// <summary>
    /// What is wrong with a database path, or null when it can be used: not a folder, in a folder that
    /// exists, and a SQLite file if it exists. <paramref name="mustExist"/> also asks for a database
    /// that is there and not empty (to read one, not to create it).
    /// </summary>
    public static string? DatabaseProblem(string path, bool mustExist)
    {
        if (Directory.Exists(path))
        {
            return $"'{path}' is a folder, not a database file.";
        }

        if (!File.Exists(path))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            return mustExist ? $"no database at '{path}'."
                : folder is not null && !Directory.Exists(folder) ? $"the folder of '{path}' does not exist."
                : null;
        }

        var header = new byte[SqliteHeader.Length];
        int read;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read '{path}': {e.Message}";
        }

        // SQLite makes a database of an empty file, so only a reader minds that it is empty.
        return read == 0 ? mustExist ? $"'{path}' is empty: not a handoff database." : null
            : read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader) ? $"'{path}' is not a handoff database (not a SQLite file)."
            : null;
    }
}
