using HandoffRules.Cli.Loading;
using HandoffRules.Host.Hosting;

namespace HandoffRules.Cli.Commands;

/// <summary>
/// Checks of the files and folders given on the command line, made before any work starts, so a
/// wrong path costs one line that names the option instead of a stack trace halfway through.
/// </summary>
internal static class FileArguments
{
    /// <summary>A file to read: it must exist and not be a folder.</summary>
    public static string Existing(string option, string path) =>
        Directory.Exists(path) ? throw new CommandException($"{option}: '{path}' is a folder, not a file.")
        : !File.Exists(path) ? throw new CommandException($"{option}: no file at '{path}'.")
        : path;

    /// <summary>A handoff database to read: a SQLite file that is there and not empty.</summary>
    public static string Database(string option, string path) =>
        HandoffHostPaths.DatabaseProblem(path, mustExist: true) is { } problem ? throw new CommandException($"{option}: {problem}") : path;

    /// <summary>A file to write: a folder in its place is refused; a missing folder above it is created.</summary>
    public static string Output(string option, string path)
    {
        if (Directory.Exists(path))
        {
            throw new CommandException($"{option}: '{path}' is a folder, not a file; give a file name in it.");
        }

        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Create(option, folder);
        }

        return path;
    }

    /// <summary>A folder to write into: a file in its place is refused; a missing one is created.</summary>
    public static string OutputFolder(string option, string path)
    {
        if (File.Exists(path))
        {
            throw new CommandException($"{option}: '{path}' is a file, not a folder.");
        }

        Create(option, path);
        return path;
    }

    private static void Create(string option, string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException($"{option}: cannot create the folder '{folder}': {e.Message}");
        }
    }
}
