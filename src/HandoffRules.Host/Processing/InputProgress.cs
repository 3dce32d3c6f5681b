using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using Microsoft.Extensions.Logging;

namespace HandoffRules.Host.Processing;

/// <summary>
/// Says how far each input read from a file has been committed, at most once an interval: a
/// history of millions of lines takes minutes to replay, and between "Reading" and "Finished
/// reading" the log was silent. The line is the committed one, not the one read (the readers run
/// ahead of the commits), with its share of the file and the lines a second since the last saying.
/// </summary>
/// <param name="time">The host's clock.</param>
/// <param name="interval">How often at most; zero says nothing.</param>
/// <param name="logger">Where it is said.</param>
internal sealed class InputProgress(TimeProvider time, TimeSpan interval, ILogger logger)
{
    // Per input (its cursor's name): when it was last said, and at which line. The first commit of an
    // input only starts its clock: a rate needs a line before it.
    private readonly Dictionary<string, (long At, long Line)> _said = new(StringComparer.Ordinal);

    /// <summary>The batch that moved these cursors is committed.</summary>
    public void Committed(IEnumerable<InputCursor> cursors)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetTimestamp();
        foreach (var cursor in cursors)
        {
            if (!_said.TryGetValue(cursor.Input, out var last) || cursor.Line < last.Line)
            {
                // Seen first, or started again (a rotated file reads its successor from line 1).
                _said[cursor.Input] = (now, cursor.Line);
                continue;
            }

            var elapsed = time.GetElapsedTime(last.At, now);
            if (elapsed < interval)
            {
                continue;
            }

            Log.InputCommitted(logger, Name(cursor.Input), cursor.Line, Share(cursor), (long)Math.Round((cursor.Line - last.Line) / elapsed.TotalSeconds));
            _said[cursor.Input] = (now, cursor.Line);
        }
    }

    // A file's cursor holds its full path; standard input's is "-". Named as the reader's own lines name them.
    private static string Name(string input) => input == "-" ? "stdin" : Path.GetFileName(input);

    // How much of the file as it is now lies before the cursor; nothing for standard input or a file gone.
    private static string Share(InputCursor cursor)
    {
        if (cursor.Input == "-" || new FileInfo(cursor.Input) is not { Exists: true, Length: > 0 } file)
        {
            return "";
        }

        return $" ({Math.Min(100, cursor.Position * 100 / file.Length)}% of the file)";
    }
}
