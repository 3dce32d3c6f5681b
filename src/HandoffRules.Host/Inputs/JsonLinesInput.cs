using System.Buffers;
using System.Text;
using System.Text.Unicode;
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
/// neither skips nor repeats lines. A rotated file — renamed away and re-created, or truncated in
/// place — is noticed by its identity and size, recorded as a rotation, and read from its start.
/// Hosts sharing a database read a file one at a time: the store grants the input to one host and
/// the others wait to take it over.
/// </summary>
internal sealed class JsonLinesInput(
    HandoffQueue queue,
    IHandoffStore store,
    IOptions<HandoffHostOptions> options,
    TimeProvider time,
    InputStatus status,
    HandoffMetrics metrics,
    ILogger<JsonLinesInput> logger) : BackgroundService
{
    /// <summary>The source name of lead and action lines.</summary>
    public const string Source = "jsonl";

    /// <summary>How long a followed file is left alone before it is looked at again.</summary>
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a host asks again for a file input another host reads.</summary>
    private static readonly TimeSpan ClaimRetry = TimeSpan.FromSeconds(1);

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    // Invalid UTF-8 is an error to report, not something to replace with U+FFFD and carry on.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Why reading one file stopped.</summary>
    private enum Ending
    {
        Finished,
        Replaced,
        Truncated,
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var input = options.Value.Input;
        if (input is null)
        {
            status.Done = true;
            return;
        }

        await Task.Yield();
        if (input == "-")
        {
            // Every run of standard input is a stream of its own: its bad lines are never taken for another run's.
            await using var stdin = Console.OpenStandardInput();
            var lines = new LineReader("stdin", null, $"stdin:{Guid.NewGuid():N}", new InputCursor("-", 0, 0));
            await ReadAsync(stdin, lines, stoppingToken);
            Log.InputFinished(logger, "stdin", lines.Line);
            status.Done = true;
            return;
        }

        var path = Path.GetFullPath(input);
        var name = Path.GetFileName(path);

        // One host at a time reads a file (several hosts may share a database); the cursor is read
        // once the claim is held, so a host taking over goes on from the holder's last committed line.
        await using var claim = await ClaimAsync(path, name, stoppingToken);
        var cursor = await store.GetCursorAsync(path, stoppingToken) ?? new InputCursor(path, 0, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
            var identity = FileIdentity.Of(stream.SafeFileHandle)?.ToString();
            var rotated = cursor.Identity is not null && identity is not null && cursor.Identity != identity ? "another file now has its name"
                : stream.Length < cursor.Position ? $"it is shorter ({stream.Length:N0} bytes) than where reading stopped ({cursor.Position:N0})"
                : null;
            if (rotated is not null)
            {
                cursor = await RotateAsync(cursor, identity, name, rotated, stoppingToken);
            }

            cursor = cursor with { Identity = identity };
            stream.Seek(cursor.Position, SeekOrigin.Begin);
            Log.InputOpened(logger, name, cursor.Line + 1);
            var lines = new LineReader(name, path, $"{identity ?? path}#{cursor.Generation}", cursor);
            var ending = await ReadAsync(stream, lines, stoppingToken);
            if (ending == Ending.Finished)
            {
                Log.InputFinished(logger, name, lines.Line);
                break;
            }

            cursor = await RotateAsync(lines.Cursor ?? cursor, ending == Ending.Replaced ? FileIdentity.Of(path)?.ToString() : identity, name,
                ending == Ending.Replaced ? "it was renamed away and a new file has its name" : "it was truncated in place", stoppingToken);
        }

        status.Done = true;
    }

    private async Task<InputClaim> ClaimAsync(string path, string name, CancellationToken cancellation)
    {
        var waited = false;
        while (true)
        {
            if (await store.TryClaimInputAsync(path, cancellation) is { } claim)
            {
                if (waited)
                {
                    metrics.TookOverInput();
                    Log.InputTakenOver(logger, name);
                }

                return claim;
            }

            if (!waited)
            {
                Log.InputHeldElsewhere(logger, name, ClaimRetry);
                waited = true;
            }

            await Task.Delay(ClaimRetry, time, cancellation);
        }
    }

    // A rotation is recorded with the cursor of the new file: the new file is read from its start,
    // and its lines are keyed under a new generation.
    private async Task<InputCursor> RotateAsync(InputCursor previous, string? identity, string name, string why, CancellationToken cancellation)
    {
        var next = new InputCursor(previous.Input, 0, 0, identity, previous.Generation + 1);
        Log.InputRotated(logger, name, why, previous.Line);
        await queue.EnqueueAsync(new RotationWork(Source, $"{name} (rotation {next.Generation})", name, why, previous.Line) { Cursor = next }, cancellation);
        return next;
    }

    private async Task<Ending> ReadAsync(Stream stream, LineReader lines, CancellationToken cancellation)
    {
        var buffer = new byte[1 << 16];
        var follow = options.Value.Follow && lines.Path is not null;
        while (!cancellation.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(buffer, cancellation);
            if (read == 0)
            {
                if (!follow)
                {
                    // The last line may have no newline.
                    await QueuePendingAsync(lines, stream.CanSeek ? stream.Position : 0, cut: false, cancellation);
                    return Ending.Finished;
                }

                if (FileIdentity.Of(lines.Path!) is { } now && lines.Cursor?.Identity is { } reading && now.ToString() != reading)
                {
                    // Renamed away: everything written to it was read; its last line is complete.
                    await QueuePendingAsync(lines, stream.Position, cut: false, cancellation);
                    return Ending.Replaced;
                }

                if (stream.Length < stream.Position)
                {
                    await QueuePendingAsync(lines, stream.Position, cut: true, cancellation);
                    return Ending.Truncated;
                }

                await Task.Delay(FollowPoll, time, cancellation);
                continue;
            }

            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                lines.Append(buffer.AsSpan(start, i - start), options.Value.MaxLineBytes);

                // The byte just after this newline: the stream's position less what of the read is left.
                await QueueAsync(lines, lines.Path is null ? 0 : stream.Position - (read - i - 1), cut: false, cancellation);
                start = i + 1;
            }

            lines.Append(buffer.AsSpan(start, read - start), options.Value.MaxLineBytes);
        }

        return Ending.Finished;
    }

    private async Task QueuePendingAsync(LineReader lines, long position, bool cut, CancellationToken cancellation)
    {
        if (lines.HasPending)
        {
            await QueueAsync(lines, position, cut, cancellation);
        }
    }

    private async Task QueueAsync(LineReader lines, long position, bool cut, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        var (number, bytes, oversized) = lines.Take(position);
        var at = $"{lines.Name} line {number}";
        var key = InputKey.Line(lines.Input, number);
        HandoffWork work;
        if (oversized)
        {
            work = new DeadLetterWork(Source, key, at, Text(bytes), $"{at}: {lines.LastLength:N0} bytes, longer than {options.Value.MaxLineBytes:N0}; the first {bytes.Length:N0} are kept", now);
        }
        else if (cut)
        {
            work = new DeadLetterWork(Source, key, at, Text(bytes), $"{at}: the line was cut off when the file was truncated (rotated) before it was finished", now);
        }
        else
        {
            // A byte-order mark is not part of the first line.
            var content = number == 1 && bytes.AsSpan().StartsWith(Bom) ? bytes.AsMemory(Bom.Length) : bytes.AsMemory();
            work = Utf8.IsValid(content.Span)
                ? LineParser.Parse(WithoutCarriageReturns(content), Source, lines.Name, lines.Input, number, now)
                : new DeadLetterWork(Source, key, at, Text(bytes), $"{at}: not valid UTF-8 (byte {FirstInvalid(content.Span) + 1} of the line)", now);
        }

        await queue.EnqueueAsync(work with { Cursor = lines.Cursor }, cancellation);
    }

    // A line that ends "\r\n" (or in several) is read without them.
    private static ReadOnlyMemory<byte> WithoutCarriageReturns(ReadOnlyMemory<byte> line) => line[..(line.Span.LastIndexOfAnyExcept((byte)'\r') + 1)];

    // Where a line that is not valid UTF-8 first goes wrong.
    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return -1;
        }
        catch (DecoderFallbackException e)
        {
            return e.Index;
        }
    }

    // What is kept of a line that cannot be decoded: readable, with the bad bytes replaced.
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>The line being assembled from one stream, and where that stream stands.</summary>
    private sealed class LineReader(string name, string? path, string input, InputCursor cursor)
    {
        private readonly ArrayBufferWriter<byte> _pending = new();
        private bool _oversized;
        private long _length;

        /// <summary>The input's name in messages (the file name, or "stdin").</summary>
        public string Name { get; } = name;

        /// <summary>The file's full path; null for standard input.</summary>
        public string? Path { get; } = path;

        /// <summary>The input's identity and generation, that line keys are scoped by.</summary>
        public string Input { get; } = input;

        /// <summary>Where the stream stands once the last taken line is committed (null for standard input, which cannot resume).</summary>
        public InputCursor? Cursor { get; private set; } = path is null ? null : cursor;

        /// <summary>The number of the last line taken.</summary>
        public long Line { get; private set; } = cursor.Line;

        public bool HasPending => _pending.WrittenCount > 0 || _oversized;

        /// <summary>The length in bytes of the last line taken, all of it even when only its start was kept.</summary>
        public long LastLength { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes, int max)
        {
            _length += bytes.Length;
            if (_oversized || _pending.WrittenCount + bytes.Length > max)
            {
                // Keep what a dead letter keeps of the beginning; drop the rest of an oversized line.
                var room = Math.Max(0, DeadLetterRaw.MaxBytes - _pending.WrittenCount);
                _pending.Write(bytes[..Math.Min(room, bytes.Length)]);
                _oversized = true;
                return;
            }

            _pending.Write(bytes);
        }

        public (long Number, byte[] Bytes, bool Oversized) Take(long position)
        {
            Line++;
            var taken = (Line, _pending.WrittenSpan.ToArray(), _oversized);
            LastLength = _length;
            _length = 0;
            _pending.Clear();
            _oversized = false;
            if (Cursor is not null)
            {
                Cursor = Cursor with { Position = position, Line = Line };
            }

            return taken;
        }
    }
}

/// <summary>Whether the configured input has been read to its end (always false when following a file).</summary>
public sealed class InputStatus
{
    /// <summary>True once the input is read to its end, or when there is none.</summary>
    public bool Done { get; set; }
}
