using System.ComponentModel.DataAnnotations;
using HandoffRules.Host.Telemetry;

namespace HandoffRules.Host.Hosting;

/// <summary>
/// The host's settings, bound from the "Handoff" configuration section (appsettings.json, or
/// environment variables such as <c>Handoff__Slack__WebhookUrl</c>). Secrets live here — never
/// in rules — and are never logged.
/// </summary>
public sealed class HandoffHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Handoff";

    /// <summary>The SQLite database file.</summary>
    [Required]
    public string Database { get; set; } = "handoff.db";

    /// <summary>
    /// The store: "sqlite" (the default: the <see cref="Database"/> file, one host) or "postgres"
    /// (<see cref="ConnectionStrings"/>.Postgres, several hosts on one database).
    /// </summary>
    [RegularExpression("^(?i:sqlite|postgres)$", ErrorMessage = "Handoff:Store must be sqlite or postgres.")]
    public string Store { get; set; } = "sqlite";

    /// <summary>Connection strings of server stores.</summary>
    public StoreConnectionStrings ConnectionStrings { get; set; } = new();

    /// <summary>
    /// With PostgreSQL, how long a host holds a due SLA timer or an alert it took before another host
    /// may take it over: a dead host's work waits this long at most.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Start even when the playbook's version is older than the newest one that ran on this store
    /// (a deliberate rollback); otherwise such a host refuses to start.
    /// </summary>
    public bool AllowOlderPlaybook { get; set; }

    /// <summary>True when the store is PostgreSQL.</summary>
    public bool UsesPostgres => string.Equals(Store, "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Flush every commit to disk (survives power loss). Off: survives a crashed process only.</summary>
    public bool DurableCommits { get; set; } = true;

    /// <summary>A JSON-lines file to read, or "-" for standard input; none to take webhooks and API calls only.</summary>
    public string? Input { get; set; }

    /// <summary>Keep reading the input file as it grows.</summary>
    public bool Follow { get; set; }

    /// <summary>
    /// Replay a finished file of history: SLA timers run on the input's own clock (event time up to
    /// the last line read), not the wall clock.
    /// </summary>
    public bool Replay { get; set; }

    /// <summary>
    /// Keep serving webhooks, the SDR API and the health checks once a finished input (a file not
    /// followed, or standard input at its end) is done, instead of stopping (<c>handoff run --listen</c>;
    /// implied by <c>--urls</c>).
    /// </summary>
    public bool Listen { get; set; }

    /// <summary>
    /// Where the webhook, the SDR API and the health checks listen, when <c>--urls</c> is not given;
    /// then ASP.NET Core's own <c>urls</c> setting (<c>ASPNETCORE_URLS</c>), then http://127.0.0.1:5080.
    /// </summary>
    public string? Urls { get; set; }

    /// <summary>
    /// Inputs waiting for the processor before readers wait (back-pressure); the queue holds at
    /// least one batch (see <see cref="EffectiveQueueCapacity"/>).
    /// </summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>
    /// The queue's capacity in effect: <see cref="QueueCapacity"/>, or <see cref="EffectiveBatchSize"/>
    /// when that is larger — a batch is taken from what waits, so a smaller queue would cut every batch short.
    /// </summary>
    public int EffectiveQueueCapacity => Math.Max(QueueCapacity, EffectiveBatchSize);

    /// <summary>
    /// Inputs committed in one transaction at most. Unset: <see cref="LiveBatchSize"/> while anyone
    /// may wait on an answer (webhooks, the SDR API, a followed file), <see cref="ReplayBatchSize"/>
    /// for a file replayed with nobody listening (see <see cref="EffectiveBatchSize"/>).
    /// </summary>
    [Range(1, 10_000)]
    public int? BatchSize { get; set; }

    /// <summary>The most inputs a commit takes while callers wait on it: an answer waits for its batch's commit.</summary>
    public const int LiveBatchSize = 256;

    /// <summary>
    /// The most a commit takes in a replay nobody listens to. Every commit writes each index page
    /// its batch touched to the log again, and duplicate keys, timers and the rows of leads whose
    /// SLA breached are spread over the whole file, so larger batches write less per lead; nobody's
    /// answer waits on them. (10,000 against 4,096: 100,000 leads commit 22 times instead of 47.)
    /// </summary>
    public const int ReplayBatchSize = 10_000;

    /// <summary>The batch size in effect: <see cref="BatchSize"/> when set, else the default for how the host runs.</summary>
    public int EffectiveBatchSize => BatchSize ?? (Replay && !Listen ? ReplayBatchSize : LiveBatchSize);

    /// <summary>How often due SLA timers are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often, while leads wait in a queue without an owner, they are offered again and checked against the maximum hold.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan HoldScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often at most the host says how far an input read from a file is committed (a log line); zero says nothing between its first and last line.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the outbox is looked at.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A breach fired this long after its deadline is marked late (the host was down or behind).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A longer input line is dead-lettered.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = 1024 * 1024;

    /// <summary>A larger webhook or API body is refused (413) unread beyond this, and never stored.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How far in the future an SDR action's <c>at</c> sent through the API may be (the caller's clock may run ahead).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ActionClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Alert targets (Slack channels, e-mail addresses) delivered to at once; one target's alerts go in order.</summary>
    [Range(1, 64)]
    public int AlertConcurrency { get; set; } = 4;

    /// <summary>How long one attempt to deliver an alert may take before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AlertAttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>HubSpot webhook settings.</summary>
    public HubSpotOptions HubSpot { get; set; } = new();

    /// <summary>Slack incoming webhooks.</summary>
    public SlackOptions Slack { get; set; } = new();

    /// <summary>SMTP for e-mail alerts.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>API keys of the SDR API.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Metrics export: OTLP and a Prometheus scrape endpoint, both off by default.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();
}

/// <summary>Connection strings of server stores ("Handoff:ConnectionStrings:Postgres").</summary>
public sealed class StoreConnectionStrings
{
    /// <summary>The PostgreSQL database: a postgres://user:password@host:5432/database URL or an Npgsql connection string.</summary>
    public string? Postgres { get; set; }
}

/// <summary>HubSpot webhook settings.</summary>
public sealed class HubSpotOptions
{
    /// <summary>The app's client secret, which signs every request (X-HubSpot-Signature-v3). Without it the webhook refuses everything.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A private-app token to fetch a created contact's properties.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The HubSpot API.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.hubapi.com/");

    /// <summary>
    /// At most this many write-back requests in any 10 seconds: HubSpot's budget for a private app
    /// is 100 (Free, Starter) or 190 (Professional, Enterprise), shared with the team's other integrations.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int RequestsPer10Seconds { get; set; } = 100;

    /// <summary>
    /// The HubSpot account's id (Hub ID), for links to a contact's record in Slack alerts
    /// (<c>https://app.hubspot.com/contacts/{PortalId}/record/0-1/{contact}</c>); without it alerts carry no link.
    /// </summary>
    public long? PortalId { get; set; }

    /// <summary>The public URL HubSpot calls (behind a proxy the local one differs); it is part of what is signed.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Requests with an older timestamp are refused.</summary>
    public TimeSpan MaxTimestampAge { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Slack incoming webhooks: one default, and one per channel where they differ.</summary>
public sealed class SlackOptions
{
    /// <summary>The incoming-webhook URL used for channels with no URL of their own.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Incoming-webhook URLs by channel name without '#' ("sdr-leads").</summary>
    public Dictionary<string, Uri> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>SMTP for e-mail alerts.</summary>
public sealed class SmtpOptions
{
    /// <summary>The server; no e-mail is sent without one.</summary>
    public string? Host { get; set; }

    /// <summary>The port.</summary>
    public int Port { get; set; } = 587;

    /// <summary>Upgrade to TLS with STARTTLS when the server offers it.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>The user to log in as, if any.</summary>
    public string? User { get; set; }

    /// <summary>The password.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address.</summary>
    public string? From { get; set; }
}

/// <summary>One key of the SDR API.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret key, sent as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public string Key { get; set; } = "";

    /// <summary>The member it belongs to; empty for an integration key that acts for any member.</summary>
    public string? Member { get; set; }

    /// <summary>What the audit calls an integration key ("set by crm-sync"); a member's key is named by its member. Never the key itself.</summary>
    public string? Name { get; set; }
}
