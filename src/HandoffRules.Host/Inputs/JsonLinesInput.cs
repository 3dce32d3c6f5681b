using System.Text;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Inputs;

/// <summary>
/// Reads JSON lines from a file (optionally following it as it grows) or standard input, and
/// queues each line. A file is read from where the last committed line left off, so a restart
/// neither skips nor repeats lines.
/// </summary>
internal sealed class JsonLinesInput(
    HandoffQueue queue,
    IHandoffStore store,
    IOptions<HandoffHostOptions> options,
    TimeProvider time,
    InputStatus status,
    ILogger<JsonLinesInput> logger) : BackgroundService
{
    /// <summary>The source name of lead and action lines: ids are unique across files, so one namespace.</summary>
    public const string Source = "jsonl";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var input = options.Value.Input;
        if (input is null)
        {
            status.Done = true;
            return;
        }

        await Task.Yield();
        var stdin = input == "-";
        var path = stdin ? "-" : Path.GetFullPath(input);
        var cursor = stdin ? null : await store.GetCursorAsync(path, stoppingToken);
        await using var stream = stdin ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
        if (cursor is not null)
        {
            stream.Seek(cursor.Position, SeekOrigin.Begin);
        }

        var name = stdin ? "stdin" : Path.GetFileName(path);
        var line = cursor?.Line ?? 0;
        Log.InputOpened(logger, name, line + 1);

        var max = options.Value.MaxLineBytes;
        var pending = new MemoryStream();
        var oversized = false;
        var buffer = new byte[1 << 16];
        while (!stoppingToken.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(buffer, stoppingToken);
            if (read == 0)
            {
                if (options.Value.Follow && !stdin)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken);
                    continue;
                }

                // The last line may have no newline.
                if (pending.Length > 0 || oversized)
                {
                    line++;
                    await Queue(pending, oversized, name, path, stdin, line, stdin ? 0 : stream.Position, stoppingToken);
                }

                break;
            }

            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                Append(pending, buffer, start, i - start, max, ref oversized);
                line++;

                // The byte just after this newline: the stream's position less what of the read is left.
                await Queue(pending, oversized, name, path, stdin, line, stdin ? 0 : stream.Position - (read - i - 1), stoppingToken);
                pending.SetLength(0);
                oversized = false;
                start = i + 1;
            }

            Append(pending, buffer, start, read - start, max, ref oversized);
        }

        Log.InputFinished(logger, name, line);
        status.Done = true;
    }

    private static void Append(MemoryStream pending, byte[] buffer, int start, int count, int max, ref bool oversized)
    {
        if (oversized || pending.Length + count > max)
        {
            // Keep the beginning for the dead letter; drop the rest of an oversized line.
            var room = (int)Math.Max(0, 4096 - pending.Length);
            pending.Write(buffer, start, Math.Min(room, count));
            oversized = true;
            return;
        }

        pending.Write(buffer, start, count);
    }

    private async Task Queue(MemoryStream pending, bool oversized, string name, string path, bool stdin, long line, long position, CancellationToken cancellation)
    {
        var text = Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length).TrimEnd('\r');
        var now = time.GetUtcNow();
        HandoffWork work = oversized
            ? new DeadLetterWork(Source, $"{name} line {line}", $"{name} line {line}", text + "…", $"{name} line {line}: longer than {options.Value.MaxLineBytes:N0} bytes", now)
            : LineParser.Parse(text, Source, name, line, now);
        await queue.EnqueueAsync(work with { Cursor = stdin ? null : new InputCursor(path, position, line) }, cancellation);
    }
}

/// <summary>Whether the configured input has been read to its end (always false when following a file).</summary>
public sealed class InputStatus
{
    /// <summary>True once the input is read to its end, or when there is none.</summary>
    public bool Done { get; set; }
}
