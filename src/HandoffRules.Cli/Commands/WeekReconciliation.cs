using System.Globalization;
using System.Text;
using HandoffRules.Records;
using HandoffRules.Reporting;

namespace HandoffRules.Cli.Commands;

/// <summary>
/// How the headline's counts meet the report's. Leads arrive at local times inside the simulated
/// days, so a few fall before or after the UTC window the report covers; the report counts the
/// breaches of leads handed off in its window. Both sides are counted from the same event log, one
/// event at a time: what is kept is the leads handed off in the window (a key each, beside the
/// report's summary of each lead) and the few leads with a breach counted outside it.
/// </summary>
internal sealed class WeekReconciliation(ReportWindow window)
{
    private readonly HashSet<string> _handedOffInWindow = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _breachedOutside = new(StringComparer.Ordinal);
    private int _before;
    private int _after;
    private int _breachesOutside;

    private static readonly byte[] Routed = Encoding.UTF8.GetBytes(HandoffEventTypes.Routed);
    private static readonly byte[] Disqualified = Encoding.UTF8.GetBytes(HandoffEventTypes.Disqualified);
    private static readonly byte[] Duplicate = Encoding.UTF8.GetBytes(HandoffEventTypes.Duplicate);
    private static readonly byte[] Breached = Encoding.UTF8.GetBytes(HandoffEventTypes.SlaBreached);

    /// <summary>Counts one event of the log, in log order, as the store keeps it (UTF-8).</summary>
    /// <returns>Whether it is an intake event (a lead routed, disqualified or found a duplicate).</returns>
    public bool Add(ReadOnlySpan<byte> leadId, ReadOnlySpan<byte> type, DateTimeOffset at)
    {
        var routed = type.SequenceEqual(Routed);
        if (routed || type.SequenceEqual(Disqualified) || type.SequenceEqual(Duplicate))
        {
            _before += at < window.From ? 1 : 0;
            _after += at >= window.To ? 1 : 0;
            if (routed && window.Contains(at))
            {
                _handedOffInWindow.Add(Encoding.UTF8.GetString(leadId));
            }

            return true;
        }

        if (type.SequenceEqual(Breached) && Encoding.UTF8.GetString(leadId) is var lead && !_handedOffInWindow.Contains(lead))
        {
            // Outside, unless a hand-off in the window is read later (a timer breaches after its
            // lead's hand-off, so only a log written out of order gets here with one to come).
            _breachesOutside++;
            _breachedOutside[lead] = _breachedOutside.GetValueOrDefault(lead) + 1;
        }

        return false;
    }

    /// <summary>The line printed under the headline.</summary>
    public string Text(HealthReport report, int arrived, int breaches)
    {
        var breachesOutside = _breachesOutside - _breachedOutside.Where(b => _handedOffInWindow.Contains(b.Key)).Sum(b => b.Value);
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

        var text = $"The report covers {window}: ";
        text += _before + _after == 0
            ? $"all {N(arrived)} leads arrived in it ({N(report.Ingested)} ingested)"
            : $"{N(report.Ingested)} of the {N(arrived)} leads arrived in it; {N(_before)} arrived before it and {N(_after)} after it " +
              "(their local arrival time is inside the simulated days, their UTC time is not)";
        text += breachesOutside == 0
            ? $", and it counts all {N(breaches)} breached timers."
            : $"; it counts {N(report.Overall.SlaBreached)} breached timers, the {N(breaches)} less {N(breachesOutside)} on leads handed off outside it.";
        return text;
    }
}
