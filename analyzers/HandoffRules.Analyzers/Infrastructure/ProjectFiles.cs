using System;
using System.Collections.Concurrent;
using System.Threading;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HandoffRules.Analyzers.Infrastructure;

/// <summary>
/// The data files of the rules project (its <c>AdditionalFiles</c>) a playbook names, found by
/// their path relative to the project, with a site maker that places findings at a line and column
/// of the file itself — where the compiler prints them and the IDE shows them.
/// </summary>
internal sealed class ProjectFiles
{
    private readonly AnalyzerOptions _options;
    private readonly CancellationToken _cancellation;
    private readonly string? _projectDirectory;

    public ProjectFiles(AnalyzerOptions options, CancellationToken cancellation)
    {
        _options = options;
        _cancellation = cancellation;
        // The package's build logic makes the project folder visible; without it (a test compilation)
        // a file is found by the end of its path.
        _projectDirectory = options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.MSBuildProjectDirectory", out var folder) && folder.Length > 0
            ? Normal(folder).TrimEnd('/') + "/"
            : null;
    }

    /// <summary>The file at <paramref name="path"/> (relative to the project), or null when the project has none there.</summary>
    public ProjectFile? Find(string path)
    {
        var relative = DataFiles.NormalisePath(path);
        AdditionalText? found = null;
        foreach (var file in _options.AdditionalFiles)
        {
            var full = Normal(file.Path);
            var matches = _projectDirectory is not null
                ? string.Equals(full, _projectDirectory + relative, StringComparison.Ordinal)
                : full == relative || full.EndsWith("/" + relative, StringComparison.Ordinal);
            if (matches)
            {
                found = file;
                break;
            }
        }

        if (found?.GetText(_cancellation) is not { } text)
        {
            return null;
        }

        return new ProjectFile(found.Path, text);
    }

    private static string Normal(string path) => path.Replace('\\', '/');
}

/// <summary>One data file's text, and Roslyn locations in it.</summary>
internal sealed class ProjectFile
{
    private readonly string _path;
    private readonly SourceText _source;

    public ProjectFile(string path, SourceText source)
    {
        _path = path;
        _source = source;
    }

    /// <summary>The file read as an account book named <paramref name="named"/>; read once per text (see <see cref="DataFileCache"/>).</summary>
    public AccountBookRead AccountBook(string named) =>
        DataFileCache.Read(_source, "accounts\n" + _path + "\n" + named, () => DataFileOutline.ReadAccountBook(named, _source.ToString(), Site));

    /// <summary>The file read as a postal list named <paramref name="named"/>; read once per text.</summary>
    public PostalListRead PostalList(string named) =>
        DataFileCache.Read(_source, "postal\n" + _path + "\n" + named, () => DataFileOutline.ReadPostalList(named, _source.ToString(), Site));

    /// <summary>The location of a span the shared reader found, at its line and column.</summary>
    public object? Site(FileSpan span)
    {
        var start = new LinePosition(span.Line - 1, span.Column - 1);
        var end = span.Length == 0 ? start : _source.Lines.GetLinePosition(span.Start + span.Length);
        return Location.Create(_path, new TextSpan(span.Start, span.Length), new LinePositionSpan(start, end));
    }
}
