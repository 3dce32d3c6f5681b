using System.CommandLine;
using HandoffRules.Cli.Loading;
using HandoffRules.Host.Store;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using HandoffRules.Simulation.Review;

namespace HandoffRules.Cli.Commands;

/// <summary>
/// The options that backtest on real history: the leads a host took in (<c>--history</c>, windowed by
/// <c>--from</c>/<c>--to</c>), replayed as they arrived, against what was decided for them then or
/// what a baseline rules assembly (<c>--baseline-rules</c>) decides.
/// </summary>
internal sealed class HistoryOptions
{
    public Option<FileInfo?> History { get; } = new("--history")
    {
        Description = "A handoff event log (the host's SQLite database, or a copy of production's): replay every lead it took in, as it arrived, instead of generated leads. " +
                      "The baseline is what the host decided for them then, unless --baseline-rules is given.",
        HelpName = "handoff.db",
    };

    public Option<DateTimeOffset?> From { get; } = UtcDateOption.Create("--from", "With --history: the first arrival kept, a UTC day like 2026-11-02 or a timestamp (default: the start of the log).");

    public Option<DateTimeOffset?> To { get; } = UtcDateOption.Create("--to", "With --history: the arrival the window ends before, exclusive (default: the end of the log).");

    public Option<string?> BaselineRules { get; } = new("--baseline-rules")
    {
        Description = "With --history: compare with the decisions of this compiled rules assembly (the playbook before the change, e.g. built from the target branch) " +
                      "instead of the decisions recorded in the log. Loaded side by side with --rules.",
        HelpName = "old.dll",
    };

    public Option<string?> BaselinePlaybook { get; } = new("--baseline-playbook")
    {
        Description = "With --baseline-rules: the playbook class to use when that assembly has several.",
        HelpName = "name",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(History);
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(BaselineRules);
        command.Options.Add(BaselinePlaybook);
    }

    /// <summary>True when the command runs on history rather than generated leads.</summary>
    public bool Given(ParseResult parse) => parse.GetValue(History) is not null;

    /// <summary>What the baseline is called in the output: the assembly's file name, or the log's.</summary>
    public string BaselineName(ParseResult parse) =>
        parse.GetValue(BaselineRules) is { } rules ? Path.GetFileName(rules) : $"the decisions recorded in {parse.GetValue(History)!.Name}";

    /// <summary>
    /// The history's leads routed by the baseline and by <paramref name="router"/>, in log order. The raw
    /// inputs are read from the log as they are routed and never held: only the decision records are.
    /// </summary>
    public (List<DecisionRecord> Baseline, List<DecisionRecord> Current) Replay(ParseResult parse, Router router) => Read(parse, (path, from, to) =>
    {
        if (parse.GetValue(BaselineRules) is { } rules)
        {
            var old = Router.Compile(BaselinePlaybookModel(rules, parse.GetValue(BaselinePlaybook)));
            return (LeadSimulation.Run(old, IntakeHistory.Read(path, from, to).Select(l => l.Input)),
                    LeadSimulation.Run(router, IntakeHistory.Read(path, from, to).Select(l => l.Input)));
        }

        // One pass: the recorded decision is kept as its lead goes by to be routed again.
        List<DecisionRecord> baseline = [];
        var current = LeadSimulation.Run(router, IntakeHistory.Read(path, from, to).Select(l =>
        {
            baseline.Add(l.Recorded);
            return l.Input;
        }));
        return (baseline, current);
    }, result => result.Item2.Count);

    /// <summary>The history's leads routed by <paramref name="router"/>, in log order, their raw inputs streamed from the log.</summary>
    public List<DecisionRecord> Route(ParseResult parse, Router router) => Read(parse, (path, from, to) =>
        LeadSimulation.Run(router, IntakeHistory.Read(path, from, to).Select(l => l.Input)), records => records.Count);

    // Reads the window of the log, naming the option in every problem, and refuses an empty window.
    private T Read<T>(ParseResult parse, Func<string, DateTimeOffset?, DateTimeOffset?, T> replay, Func<T, int> leads)
    {
        var path = FileArguments.Database("--history", parse.GetValue(History)!.FullName);
        var (from, to) = (parse.GetValue(From), parse.GetValue(To));
        if (from >= to)
        {
            throw new CommandException($"--from {from:O} is not before --to {to:O}.");
        }

        T result;
        try
        {
            result = replay(path, from, to);
        }
        catch (InvalidDataException e)
        {
            throw new CommandException($"--history: {e.Message}");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new CommandException($"--history: {Path.GetFileName(path)} cannot be read as a handoff event log: {e.Message}");
        }

        return leads(result) > 0 ? result : throw new CommandException($"--history: {Path.GetFileName(path)} has no leads taken in{Window(from, to)}.");
    }

    /// <summary>The current decisions scored against the misroutes SDRs flagged in the history's log.</summary>
    public KnownMisroutes Misroutes(ParseResult parse, IEnumerable<DecisionRecord> current, PlaybookModel playbook)
    {
        var path = parse.GetValue(History)!.FullName;
        try
        {
            return KnownMisroutes.Score(current, IntakeHistory.ReadAccepted(path), playbook);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new CommandException($"--history: {Path.GetFileName(path)} cannot be read as a handoff event log: {e.Message}");
        }
    }

    private static string Window(DateTimeOffset? from, DateTimeOffset? to) =>
        (from, to) switch
        {
            (null, null) => "",
            _ => $" between {from?.ToString("O") ?? "the start"} and {to?.ToString("O") ?? "the end"}",
        };

    private static PlaybookModel BaselinePlaybookModel(string rules, string? playbook)
    {
        try
        {
            return PlaybookLoader.Build(rules, playbook);
        }
        catch (CommandException e) when (e.Message.StartsWith("--rules:", StringComparison.Ordinal) || e.Message.StartsWith("--playbook:", StringComparison.Ordinal))
        {
            // The loader speaks of --rules; here the assembly came from --baseline-rules.
            throw new CommandException(e.Message.Replace("--rules:", "--baseline-rules:", StringComparison.Ordinal).Replace("--playbook:", "--baseline-playbook:", StringComparison.Ordinal));
        }
    }
}
