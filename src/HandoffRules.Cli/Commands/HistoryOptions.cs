using System.CommandLine;
using System.CommandLine.Parsing;
using HandoffRules.Cli.Loading;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using HandoffRules.Simulation.Review;

namespace HandoffRules.Cli.Commands;

/// <summary>
/// The options that backtest on real history: the leads a host took in (<c>--history</c>, an SQLite
/// event log or a PostgreSQL store, windowed by <c>--from</c>/<c>--to</c>) or a file of lead lines
/// (<c>--leads leads.jsonl</c>), replayed as they arrived, against what was decided for them then or
/// what a baseline rules assembly (<c>--baseline-rules</c>) decides.
/// </summary>
/// <param name="leads">The command's lead options, when its --leads may name a file of lead lines.</param>
internal sealed class HistoryOptions(LeadOptions? leads = null)
{
    public Option<string?> History { get; } = new("--history")
    {
        Description = "A handoff event log: the host's SQLite database (or a copy of production's), or its PostgreSQL store as 'handoff run --db' takes it " +
                      "(postgres://user@host:5432/handoff, or a connection string). Replay every lead it took in, as it arrived, instead of generated leads. " +
                      "The baseline is what the host decided for them then, unless --baseline-rules is given.",
        HelpName = "handoff.db|postgres://…",
    };

    public Option<DateTimeOffset?> From { get; } = UtcDateOption.Create("--from", "With --history or --leads leads.jsonl: the first arrival kept, a UTC day like 2026-11-02 or a timestamp (default: the start of the log).");

    public Option<DateTimeOffset?> To { get; } = UtcDateOption.Create("--to", "With --history or --leads leads.jsonl: the arrival the window ends before, exclusive (default: the end of the log).");

    public Option<string?> BaselineRules { get; } = new("--baseline-rules")
    {
        Description = "With --history or --leads leads.jsonl: compare with the decisions of this compiled rules assembly (the playbook before the change, e.g. built from the target branch) " +
                      "instead of the decisions recorded in the log. Loaded side by side with --rules.",
        HelpName = "old.dll",
    };

    public Option<string?> BaselinePlaybook { get; } = new("--baseline-playbook")
    {
        Description = "With --baseline-rules: the playbook class to use when that assembly has several.",
        HelpName = "name",
    };

    public Option<bool> ShowLeads { get; } = new("--show-leads")
    {
        Description = "Also name each lead that moves by its company and e-mail address, as it arrived, in every format. These are a person's contact " +
                      "details (PII): keep such output out of pull requests and CI logs. Without it leads are named by id only; names and phone numbers are never shown.",
    };

    // The file of lead lines read last, for what it passed over.
    private LeadFileHistory? _file;

    public void AddTo(Command command)
    {
        command.Options.Add(History);
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(BaselineRules);
        command.Options.Add(BaselinePlaybook);
    }

    /// <summary>Adds <see cref="ShowLeads"/>, for a command that lists the leads a change moves.</summary>
    public void AddShowLeadsTo(Command command) => command.Options.Add(ShowLeads);

    /// <summary>
    /// The company and e-mail address of the leads named, read from the history again: a second pass
    /// that keeps only these leads, so memory follows the change, not the history. When an id arrived
    /// more than once, the last arrival's details are kept, as the replay routed it last.
    /// </summary>
    public Dictionary<string, (string? Company, string? Email)> Contacts(ParseResult parse, IReadOnlySet<string> leadIds) =>
        Read(parse, leadsOf =>
        {
            var contacts = new Dictionary<string, (string? Company, string? Email)>(StringComparer.Ordinal);
            foreach (var (input, _, _) in leadsOf())
            {
                if (input.Id is { } id && leadIds.Contains(id))
                {
                    contacts[id] = (input.Company, input.Email);
                }
            }

            return contacts;
        }, _ => 1);

    /// <summary>True when the command runs on history (an event log or a file of lead lines) rather than generated leads.</summary>
    public bool Given(ParseResult parse) => parse.GetValue(History) is not null || LeadFile(parse) is not null;

    /// <summary>The same, in a validator: whether --history or --leads leads.jsonl is on the command line.</summary>
    public bool GivenIn(CommandResult result) => result.GetValue(History) is not null || (leads is not null && LeadOptions.File(result.GetResult(leads.Leads)) is not null);

    /// <summary>The file of lead lines --leads names, or null.</summary>
    private FileInfo? LeadFile(ParseResult parse) => leads?.File(parse);

    /// <summary>The history as the output names it: the log's file name, the PostgreSQL database (never its password), or the lead file's name.</summary>
    public string SourceName(ParseResult parse) =>
        parse.GetValue(History) is { } history ? IntakeHistory.Name(history) : LeadFile(parse)!.Name;

    /// <summary>What the baseline is called in the output: the assembly's file name, or the log's.</summary>
    public string BaselineName(ParseResult parse) =>
        parse.GetValue(BaselineRules) is { } rules ? Path.GetFileName(rules) : $"the decisions recorded in {SourceName(parse)}";

    /// <summary>
    /// What a file of lead lines passed over (unreadable lines by number, SDR action lines), once it
    /// has been read; null for an event log or a file of leads only. Commands print it on standard error.
    /// </summary>
    public string? PassedOver => _file?.Summary();

    /// <summary>
    /// True when the history has a baseline to compare with: the decisions recorded in an event log,
    /// or those of --baseline-rules. A file of lead lines without --baseline-rules has none.
    /// </summary>
    public bool HasBaseline(ParseResult parse) => parse.GetValue(BaselineRules) is not null || parse.GetValue(History) is not null;

    /// <summary>
    /// The history's leads routed by the baseline and by <paramref name="router"/>, lead by lead in log
    /// order: each lead is read once and routed by both playbooks in step (or paired with the decision
    /// recorded for it, which arrives with it), and both records go to <paramref name="decided"/>
    /// together; none is kept, so a comparison fed this way holds what it counts, not the history.
    /// The baseline's record is null for a file of lead lines without --baseline-rules: it records no decisions.
    /// </summary>
    /// <returns>The number of leads routed.</returns>
    public int Replay(ParseResult parse, Router router, Action<DecisionRecord?, DecisionRecord> decided) =>
        Replay(parse, router, (then, now, _) => decided(then, now), withVerdicts: false);

    /// <summary>
    /// As <see cref="Replay(ParseResult, Router, Action{DecisionRecord?, DecisionRecord})"/>, each pair
    /// with the lead's last acceptance in an event log when <paramref name="withVerdicts"/> (null when
    /// no SDR accepted it, and always for a file of lead lines): read in step with the leads, none kept.
    /// </summary>
    /// <returns>The number of leads routed.</returns>
    public int Replay(ParseResult parse, Router router, Action<DecisionRecord?, DecisionRecord, AcceptedLead?> decided, bool withVerdicts) =>
        Read(parse, leadsOf =>
        {
            // What arrives with the lead being routed: each is decided before the next is read.
            DecisionRecord? recorded = null;
            AcceptedLead? accepted = null;
            var inputs = leadsOf().Select(l =>
            {
                (recorded, accepted) = (l.Recorded, l.Accepted);
                return l.Input;
            });
            if (parse.GetValue(BaselineRules) is { } rules)
            {
                var old = Router.Compile(BaselinePlaybookModel(rules, parse.GetValue(BaselinePlaybook)));
                return LeadSimulation.RunSideBySide(old, router, inputs, (then, now) => decided(then, now, accepted));
            }

            // A file of lead lines records no decisions: the recorded one is null.
            return LeadSimulation.Run(router, inputs, now => decided(recorded, now, accepted));
        }, routed => routed, withVerdicts);

    /// <summary>
    /// The history's leads routed by <paramref name="router"/>, in log order, each decision handed to
    /// <paramref name="decided"/> as it is made: the raw inputs are streamed and no decision is kept.
    /// Nothing read depends on what is decided, so the history is read and taken in on a thread of
    /// its own, ahead of the routing.
    /// </summary>
    /// <returns>The number of leads routed.</returns>
    public int Route(ParseResult parse, Router router, Action<DecisionRecord> decided) => Read(parse, leadsOf =>
        LeadSimulation.RunAhead(router, leadsOf().Select(l => l.Input), decided), routed => routed);

    // Reads the window of the history, naming the option in every problem, and refuses an empty window.
    // The replay gets a way to stream the window's leads (more than once, when two playbooks route them).
    // With verdicts, an event log's leads come with their last acceptance.
    private T Read<T>(ParseResult parse, Func<Func<IEnumerable<(LeadInput Input, DecisionRecord? Recorded, AcceptedLead? Accepted)>>, T> replay, Func<T, int> leadCount, bool withVerdicts = false)
    {
        var (from, to) = (parse.GetValue(From), parse.GetValue(To));
        if (from >= to)
        {
            throw new CommandException($"--from {from:O} is not before --to {to:O}.");
        }

        if (parse.GetValue(History) is not null && LeadFile(parse) is not null)
        {
            throw new CommandException("--history replays the leads of an event log and --leads leads.jsonl those of a file: give one of them.");
        }

        var option = parse.GetValue(History) is null ? "--leads" : "--history";
        Func<IEnumerable<(LeadInput, DecisionRecord?, AcceptedLead?)>> leadsOf;
        if (LeadFile(parse) is { } file)
        {
            FileArguments.Existing("--leads", file.FullName);
            _file = new LeadFileHistory(file.FullName);
            leadsOf = () => _file.Read(from, to).Select(l => (l, (DecisionRecord?)null, (AcceptedLead?)null));
        }
        else
        {
            var database = Database(parse.GetValue(History)!);
            leadsOf = () => IntakeHistory.Read(database, from, to, withVerdicts).Select(l => (l.Input, (DecisionRecord?)l.Recorded, l.Accepted));
        }

        T result;
        try
        {
            result = replay(leadsOf);
        }
        catch (InvalidDataException e)
        {
            throw new CommandException($"{option}: {e.Message}");
        }
        catch (IOException e)
        {
            throw new CommandException($"{option}: {e.Message}");
        }
        catch (System.Data.Common.DbException e)
        {
            throw new CommandException($"--history: {SourceName(parse)} cannot be read as a handoff event log: {e.Message}");
        }

        if (leadCount(result) > 0)
        {
            return result;
        }

        throw new CommandException(option == "--leads"
            ? $"--leads: {SourceName(parse)} has no leads{Window(from, to)}.{(PassedOver is { } passed ? " " + passed : "")}"
            : $"--history: {SourceName(parse)} has no leads taken in{Window(from, to)}.");
    }

    // An SQLite file must be a database; a PostgreSQL store must be a connection string Npgsql reads.
    private static string Database(string history)
    {
        if (!PostgresConnection.Names(history))
        {
            return FileArguments.Database("--history", Path.GetFullPath(history));
        }

        try
        {
            PostgresConnection.Normalize(history);
            return history;
        }
        catch (ArgumentException e)
        {
            throw new CommandException($"--history: {e.Message}");
        }
    }

    /// <summary>
    /// A score of the current decisions against the misroutes SDRs flagged in the history's log, to
    /// feed each decision with its lead's acceptance as <see cref="Replay(ParseResult, Router, Action{DecisionRecord?, DecisionRecord, AcceptedLead?}, bool)"/>
    /// reads them. It holds no accepted lead: memory does not grow with them.
    /// </summary>
    /// <remarks>Null for a file of lead lines: it holds no SDR's verdicts.</remarks>
    public MisrouteScore? ScoreMisroutes(ParseResult parse, PlaybookModel playbook) =>
        parse.GetValue(History) is null ? null : new MisrouteScore(playbook);

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
