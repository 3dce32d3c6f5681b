using System.Globalization;
using HandoffRules.Intake;

namespace HandoffRules.Host.Inputs;

/// <summary>
/// Leads to backtest on from a file of lead lines — what <c>handoff generate</c> writes and
/// <c>handoff run --input</c> reads — streamed one line at a time. Each line is read the way the
/// host reads it (<see cref="LineParser"/>): a line that is not a lead the host would take in is
/// counted and named by its line number in <see cref="Problems"/>, never dropped in silence; SDR
/// action and availability lines are counted apart (they are work on leads, not leads).
/// </summary>
/// <param name="path">The file.</param>
public sealed class LeadFileHistory(string path)
{
    /// <summary>How many problems are named; beyond that they are only counted, so memory stays bounded.</summary>
    public const int NamedProblems = 20;

    private readonly List<string> _problems = [];

    /// <summary>The file's name, as messages call it.</summary>
    public string Name { get; } = Path.GetFileName(path);

    /// <summary>Lines that are not a lead the host would take in (not JSON, a field of the wrong type, an empty id), counted by the last <see cref="Read"/>.</summary>
    public int Unreadable { get; private set; }

    /// <summary>SDR action and availability lines passed over by the last <see cref="Read"/>.</summary>
    public int NotLeads { get; private set; }

    /// <summary>The first <see cref="NamedProblems"/> unreadable lines, each as "leads.jsonl line 7: why".</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>
    /// The leads of the file in line order whose arrival (their event's time) falls in
    /// [<paramref name="from"/>, <paramref name="to"/>); a lead without a time is kept. A lead without
    /// an id is named by its line ("line 12"), the same on every read of the same file.
    /// </summary>
    /// <param name="from">The first arrival kept, or null.</param>
    /// <param name="to">The arrival the window ends before, or null.</param>
    public IEnumerable<LeadInput> Read(DateTimeOffset? from, DateTimeOffset? to)
    {
        (Unreadable, NotLeads) = (0, 0);
        _problems.Clear();
        using var reader = new StreamReader(path);
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            // The arrival time of a line without one is not the reading time: it stays unset, as the host's would be its own clock.
            switch (LineParser.Parse(line, "backtest", Name, Name, number, DateTimeOffset.UnixEpoch))
            {
                case LeadWork work:
                    var at = work.Lead.Event?.OccurredAt;
                    if ((from is null || at is null || at >= from) && (to is null || at is null || at < to))
                    {
                        yield return work.Lead.Id is null ? work.Lead with { Id = "line " + number.ToString(CultureInfo.InvariantCulture) } : work.Lead;
                    }

                    break;
                case DeadLetterWork dead:
                    Unreadable++;
                    if (_problems.Count < NamedProblems)
                    {
                        _problems.Add(dead.Reason);
                    }

                    break;
                case CursorWork:
                    break;
                default:
                    NotLeads++;
                    break;
            }
        }
    }

    /// <summary>What was passed over, in a sentence, or null when every line was a lead.</summary>
    public string? Summary()
    {
        if (Unreadable == 0 && NotLeads == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (Unreadable > 0)
        {
            parts.Add($"{Unreadable.ToString("N0", CultureInfo.InvariantCulture)} line{(Unreadable == 1 ? " is" : "s are")} not a lead and {(Unreadable == 1 ? "was" : "were")} left out: " +
                      string.Join("; ", _problems) + (Unreadable > _problems.Count ? $"; and {(Unreadable - _problems.Count).ToString("N0", CultureInfo.InvariantCulture)} more" : ""));
        }

        if (NotLeads > 0)
        {
            parts.Add($"{NotLeads.ToString("N0", CultureInfo.InvariantCulture)} SDR action or availability line{(NotLeads == 1 ? " was" : "s were")} passed over (only leads are replayed)");
        }

        return $"{Name}: {string.Join("; ", parts)}.";
    }
}
