using HandoffRules.Checks;
using HandoffRules.Model;

namespace HandoffRules;

/// <summary>
/// The root of the handoff DSL. Each method declares one named element of the playbook; names
/// are how routes, reports and SDR actions refer to them, so keep them stable.
/// </summary>
public sealed class PlaybookBuilder
{
    private readonly List<Definition> _definitions = [];
    private readonly List<Territory> _territories = [];
    private readonly List<Segment> _segments = [];
    private readonly List<Member> _members = [];
    private readonly List<Queue> _queues = [];
    private readonly List<Account> _accounts = [];
    private readonly List<Route> _routes = [];
    private readonly List<Escalation> _escalations = [];
    private readonly List<Trigger> _triggers = [];
    private readonly List<Sla> _slas = [];
    private readonly List<RejectReason> _rejectReasons = [];
    private readonly List<RecycleReason> _recycleReasons = [];
    private readonly List<NurtureTrack> _nurtureTracks = [];
    private string _name;
    private Lifecycle? _lifecycle;
    private Fallback? _fallback;
    private BusinessHours _hours = Model.BusinessHours.Default;
    private DuplicateRule _duplicates = DuplicateRule.Default;
    private TimeSpan _maxHold = PlaybookModel.DefaultMaxHold;
    private string? _emailDomain;
    private HubSpotMapping? _hubSpot;
    private readonly List<PlaybookFile> _files = [];
    private double? _nameConfidence;
    private readonly Func<string, string?>? _readFile;

    internal PlaybookBuilder(string name, Func<string, string?>? readFile = null)
    {
        _name = name;
        _readFile = readFile;
    }

    /// <summary>Names the playbook in reports (by default the class name).</summary>
    public PlaybookBuilder Named(string name)
    {
        _name = RequireText(name, "The playbook's name");
        return this;
    }

    /// <summary>The business-hours clock SLAs run on, unless a queue sets its own.</summary>
    /// <param name="timeZone">IANA time zone, e.g. "America/New_York".</param>
    /// <param name="configure">Opening hours, days and holidays (default Monday–Friday 09:00–17:00).</param>
    public PlaybookBuilder BusinessHours(string timeZone, Action<BusinessHoursBuilder>? configure = null)
    {
        _hours = BusinessHoursBuilder.Build(timeZone, configure);
        return this;
    }

    /// <summary>
    /// Declares a lead definition. Declare them from the broadest (Inbound) to the most qualified
    /// (SDR-ready): a lead takes the last one it meets.
    /// </summary>
    public PlaybookBuilder Definition(string name, Action<DefinitionBuilder> configure)
    {
        var builder = new DefinitionBuilder(Require(name, "A definition's name"));
        configure(builder);
        _definitions.Add(builder.Build());
        return this;
    }

    /// <summary>Declares the lifecycle: stages, statuses, transitions and what each SDR action does.</summary>
    public PlaybookBuilder Lifecycle(Action<LifecycleBuilder> configure)
    {
        var builder = new LifecycleBuilder();
        configure(builder);
        _lifecycle = builder.Build();
        return this;
    }

    /// <summary>Declares a territory by country, region and postal-code prefix claims.</summary>
    public PlaybookBuilder Territory(string name, Action<TerritoryBuilder> configure)
    {
        var builder = new TerritoryBuilder(Require(name, "A territory's name"), this);
        configure(builder);
        _territories.Add(builder.Build());
        return this;
    }

    /// <summary>Declares a segment by employee band and, for leads without an employee count, revenue band.</summary>
    public PlaybookBuilder Segment(string name, Action<SegmentBuilder> configure)
    {
        var builder = new SegmentBuilder(Require(name, "A segment's name"));
        configure(builder);
        _segments.Add(builder.Build());
        return this;
    }

    /// <summary>Declares a member of the team (an SDR or an account owner).</summary>
    /// <param name="id">A stable id, e.g. "ana.ruiz".</param>
    /// <param name="displayName">The name people see.</param>
    /// <param name="configure">Time zone, working hours, daily cap, absences.</param>
    public PlaybookBuilder Member(string id, string displayName, Action<MemberBuilder>? configure = null)
    {
        var builder = new MemberBuilder(Require(id, "A member's id"), RequireText(displayName, $"Member '{Checks.Names.Visible(id)}''s display name"));
        configure?.Invoke(builder);
        _members.Add(builder.Build());
        return this;
    }

    /// <summary>Declares a queue of members and how leads are distributed among them.</summary>
    public PlaybookBuilder Queue(string name, Action<QueueBuilder> configure)
    {
        var builder = new QueueBuilder(Require(name, "A queue's name"));
        configure(builder);
        _queues.Add(builder.Build());
        return this;
    }

    /// <summary>Declares a named account: its domains (subsidiaries and aliases too) and its owner.</summary>
    public PlaybookBuilder Account(string name, Action<AccountBuilder> configure)
    {
        var builder = new AccountBuilder(Require(name, "An account's name"));
        configure(builder);
        _accounts.Add(builder.Build());
        return this;
    }

    /// <summary>
    /// Declares the accounts of an account book file of the rules project: a CSV file with a header
    /// row and the columns <c>account</c>, <c>domains</c> (several separated by ';'), <c>owner</c>
    /// (a member id; empty for a subsidiary that takes its parent's owner) and, optionally,
    /// <c>parent</c>, <c>segment</c> and <c>territory</c> (overrides for the account's leads).
    /// </summary>
    /// <param name="path">The file's path relative to the rules project, e.g. "accounts.csv". Declare it
    /// as <c>&lt;AdditionalFiles Include="accounts.csv" /&gt;</c>: the analyzers then check every row
    /// as you type, and the build embeds the file in the rules assembly so the playbook carries it.</param>
    /// <remarks>Rows that are not well formed are left out and reported (HR2011) by the analyzers and
    /// by <c>handoff check</c>, at their line and column; a playbook with them does not compile into a router.</remarks>
    public PlaybookBuilder AccountsFrom(string path)
    {
        var file = ReadFile(path, PlaybookFileKind.AccountBook, null);
        if (file.Text is null)
        {
            return this;
        }

        // Kept for the validator, which checks this very text next.
        foreach (var row in DataFiles.ReadAccountBookAndKeep(file.Path, file.Text, []))
        {
            _accounts.Add(new Account(row.Account.Value, [.. row.Domains.Select(d => d.Value.ToLowerInvariant())], row.Owner?.Value)
            {
                Parent = row.Parent?.Value,
                Segment = row.Segment?.Value,
                Territory = row.Territory?.Value,
                Origin = new FileOrigin(file.Path, row.Row.Line),
            });
        }

        return this;
    }

    /// <summary>
    /// Matches leads without a company domain — a free-mail address or none — to accounts by
    /// company name when no domain matches: case, accents, punctuation, a leading "The", "&amp;" for
    /// "and" and legal suffixes (Inc, Corp, LLC, Ltd, GmbH, AG, S.A., Pty…) are ignored, and a name
    /// with typos matches with a lower confidence. Below <paramref name="minConfidence"/> the lead
    /// matches no account: a near miss is never a guess. Off unless declared.
    /// </summary>
    /// <param name="minConfidence">From 0 (exclusive) to 1; 1 takes exact names only. 0.9 allows about one typo in ten letters.</param>
    public PlaybookBuilder MatchAccountsByName(double minConfidence = 0.9)
    {
        _nameConfidence = minConfidence is > 0 and <= 1
            ? minConfidence
            : throw new PlaybookDefinitionException($"Playbook '{Checks.Names.Visible(_name)}' matches accounts by name with a confidence of {minConfidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be above 0 and at most 1.");
        return this;
    }

    /// <summary>
    /// A data file of the rules project, read from the playbook's assembly where the build embedded
    /// it. A file it does not carry is recorded without text, for the validator to report (HR2010);
    /// the model keeps the text, so the validator checks the very rows the playbook was built from.
    /// </summary>
    internal PlaybookFile ReadFile(string path, PlaybookFileKind kind, string? territory)
    {
        var written = RequireText(path, kind == PlaybookFileKind.AccountBook ? "An account book's path" : "A postal list's path");
        var text = _readFile?.Invoke(written);
        var file = new PlaybookFile(written, kind, text, territory);
        _files.Add(file);
        return file;
    }

    /// <summary>Declares the next route. Routes are tried in order; the first that matches takes the lead.</summary>
    public PlaybookBuilder Route(string name, Action<RouteBuilder> configure)
    {
        var builder = new RouteBuilder(Require(name, "A route's name"));
        configure(builder);
        _routes.Add(builder.Build());
        return this;
    }

    /// <summary>Where a lead goes when no route matches or the context an SDR needs is missing.</summary>
    public PlaybookBuilder Fallback(string queue, string? description = null)
    {
        _fallback = new Fallback(Require(queue, "The fallback's queue"), description);
        return this;
    }

    /// <summary>Declares where stalled leads go when an SLA breach escalates them.</summary>
    public PlaybookBuilder Escalation(string name, Action<EscalationBuilder> configure)
    {
        var builder = new EscalationBuilder(Require(name, "An escalation's name"));
        configure(builder);
        _escalations.Add(builder.Build());
        return this;
    }

    /// <summary>Declares a reaction to an event: tasks, alerts and SLA timers.</summary>
    public PlaybookBuilder Trigger(string name, Action<TriggerBuilder> configure)
    {
        var builder = new TriggerBuilder(Require(name, "A trigger's name"));
        configure(builder);
        _triggers.Add(builder.Build());
        return this;
    }

    /// <summary>Declares an SLA on the business-hours clock, with what happens on breach.</summary>
    public PlaybookBuilder Sla(string name, Action<SlaBuilder> configure)
    {
        var builder = new SlaBuilder(Require(name, "An SLA's name"));
        configure(builder);
        _slas.Add(builder.Build());
        return this;
    }

    /// <summary>Declares a standard reject reason and where rejected leads go.</summary>
    /// <param name="code">The code SDRs send ("NO_BUDGET").</param>
    /// <param name="label">The reason in words.</param>
    /// <param name="configure">A nurture track, or <see cref="RejectReasonBuilder.Misroute"/>.</param>
    public PlaybookBuilder RejectReason(string code, string label, Action<RejectReasonBuilder> configure)
    {
        var builder = new RejectReasonBuilder(Require(code, "A reject reason's code"), RequireText(label, $"Reject reason '{Checks.Names.Visible(code)}''s label"));
        configure(builder);
        _rejectReasons.Add(builder.Build());
        return this;
    }

    /// <summary>Declares a standard recycle reason and the nurture track recycled leads go to.</summary>
    public PlaybookBuilder RecycleReason(string code, string label, Action<RecycleReasonBuilder> configure)
    {
        var builder = new RecycleReasonBuilder(Require(code, "A recycle reason's code"), RequireText(label, $"Recycle reason '{Checks.Names.Visible(code)}''s label"));
        configure(builder);
        _recycleReasons.Add(builder.Build());
        return this;
    }

    /// <summary>Declares a marketing nurture track.</summary>
    public PlaybookBuilder NurtureTrack(string name, string? description = null)
    {
        _nurtureTracks.Add(new NurtureTrack(Require(name, "A nurture track's name"), description));
        return this;
    }

    /// <summary>
    /// Members without an e-mail of their own get <c>id@domain</c> ("ana.ruiz@acme.example"):
    /// where alerts to a lead's owner go.
    /// </summary>
    public PlaybookBuilder MemberEmailDomain(string domain)
    {
        _emailDomain = RequireText(domain, "The member e-mail domain").TrimStart('@');
        return this;
    }

    /// <summary>When a new lead counts as a duplicate of an earlier one (default: same e-mail within 90 days).</summary>
    public PlaybookBuilder Duplicates(Action<DuplicateRuleBuilder> configure)
    {
        var builder = new DuplicateRuleBuilder();
        configure(builder);
        _duplicates = builder.Build();
        return this;
    }

    /// <summary>
    /// How long a lead may wait in a queue with nobody to take it — every member at cap, away or
    /// inactive — before it is escalated (default 4 hours), in business time of the queue. A held
    /// lead is offered again as soon as a member is free: at a member's midnight, when they are back.
    /// </summary>
    public PlaybookBuilder HoldAtMost(int hours = 0, int minutes = 0)
    {
        var hold = new TimeSpan(hours, minutes, 0);
        _maxHold = hold > TimeSpan.Zero ? hold : throw new PlaybookDefinitionException(Checks.InvalidValues.MaxHold(_name));
        return this;
    }

    /// <summary>
    /// Declares HubSpot as the system of record: how stages, statuses, reasons and members map to
    /// HubSpot properties and owners. The host then writes every decision back to HubSpot and takes
    /// SDR work done in HubSpot as SDR actions.
    /// </summary>
    public PlaybookBuilder HubSpot(Action<HubSpotBuilder> configure)
    {
        var builder = new HubSpotBuilder();
        configure(builder);
        _hubSpot = builder.Build();
        return this;
    }

    internal PlaybookModel Build() => new(
        _name,
        [.. _definitions],
        _lifecycle ?? LifecycleBuilder.Standard(),
        [.. _territories],
        [.. _segments],
        [.. _members.Select(m => m.Email is null && _emailDomain is not null ? m with { Email = $"{m.Id}@{_emailDomain}" } : m)],
        [.. _queues],
        [.. _accounts],
        [.. _routes],
        _fallback,
        [.. _escalations],
        [.. _triggers],
        [.. _slas],
        [.. _rejectReasons],
        [.. _recycleReasons],
        [.. _nurtureTracks],
        _hours,
        _duplicates,
        _maxHold)
    {
        HubSpot = _hubSpot,
        Files = [.. _files],
        AccountNameConfidence = _nameConfidence,
    };

    /// <summary>
    /// A name or id, kept exactly as written: whitespace around it is not trimmed here but reported
    /// by the validator (HR1005), as the analyzers report it at compile time (see Checks/Names.cs).
    /// </summary>
    internal static string Require(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new PlaybookDefinitionException($"{what} is empty.") : value;

    /// <summary>Text people read and nothing refers to (a label, a display name): trimmed.</summary>
    internal static string RequireText(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new PlaybookDefinitionException($"{what} is empty.") : value.Trim();
}
