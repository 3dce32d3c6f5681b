using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using Microsoft.Data.Sqlite;
using SQLitePCL;

using static HandoffRules.Host.Store.StoredRows;

namespace HandoffRules.Host.Store;

/// <summary>
/// The store in one SQLite file, in WAL mode: one writer at a time (the processor, and the outbox
/// recording deliveries) and any number of readers (the API, timers, the outbox) at once.
/// </summary>
public sealed class SqliteHandoffStore : IHandoffStore, IDisposable
{
    private readonly string _connectionString;
    private readonly bool _synchronousFull;
    private readonly bool _scratch;

    // Whether a scratch store's deferred indexes are built when its writer is done (see ScratchIndexes).
    private readonly bool _readByLead;
    private readonly PlaybookVersion? _playbook;
    private StoreLock? _lock;

    // Whether a writer was opened on this store, and the one that answers from what it wrote (the
    // first, on a store that held nothing) until another opens.
    private readonly object _writersGate = new();
    private bool _writerOpened;
    private QueuedWriter? _answersFromWrites;
    private Inputs.FileIdentity? _identity;

    // Writers in this process take turns here rather than in SQLite's busy handler, which polls with
    // sleeps of 1, 2, 5, 10 ms and more: a webhook's commit waits only as long as the write before it.
    private readonly SemaphoreSlim _writeTurn = new(1, 1);

    /// <summary>Opens (and on <see cref="InitializeAsync"/> creates) the store at <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="synchronousFull">fsync every commit (survives power loss); otherwise survives a crashed process.</param>
    /// <param name="playbook">The playbook whose version the writers stamp on every event; none for tools that only read or copy.</param>
    public SqliteHandoffStore(string path, bool synchronousFull = true, PlaybookVersion? playbook = null)
    {
        _playbook = playbook;
        Path = System.IO.Path.GetFullPath(path);
        _synchronousFull = synchronousFull;
        
        // Only InitializeAsync creates the file: a database deleted under a running host is noticed, not silently re-created empty.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 30 }.ToString();
    }

    private SqliteHandoffStore(string path, bool scratch, bool readByLead)
        : this(path, synchronousFull: false) => (_scratch, _readByLead) = (scratch, readByLead);

    /// <summary>
    /// A store for a simulation's own database, which nothing needs after a crash (the simulation
    /// starts it afresh): nothing is synced. It keeps a write-ahead log as a host's store does, so
    /// its writer's reads of what is committed run beside the writes (<see cref="QueuedWriter"/>).
    /// A host never runs on one.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="readByLead">
    /// Whether anything reads the log by lead once the simulation is done (a log kept with
    /// <c>--db</c>): its indexes of events by lead and of leads by queue are then built when the
    /// writer is done (see <see cref="ScratchIndexes"/>). A temporary log, read once in order by its
    /// report and removed, is left without them.
    /// </param>
    internal static SqliteHandoffStore Scratch(string path, bool readByLead = true) => new(path, scratch: true, readByLead);

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Whether <see cref="OpenWriter"/> gives a writer that runs every statement on its caller's
    /// thread, as the store did before its writes had a thread of their own (<see cref="QueuedWriter"/>):
    /// what the queued writer is compared with.
    /// </summary>
    internal bool InlineWrites { get; init; }

    internal static string Time(DateTimeOffset at) => StoredRows.Time(at);

    private static readonly SchemaMigrator Migrator = new("Sqlite");

    // SQLite counts every allocation it makes under a process-wide mutex, for statistics nothing here
    // reads: 3% of a replay's time. Turned off before the process's first connection opens; once one
    // has, SQLite refuses the change (SQLITE_MISUSE) and it keeps counting, which is only slower.
    static SqliteHandoffStore()
    {
        SQLitePCL.Batteries_V2.Init();
        _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }

    /// <summary>The newest schema this host knows; a database with a newer one was upgraded by a newer host.</summary>
    public static int SchemaVersion => Migrator.Newest;

    /// <inheritdoc />
    /// <exception cref="StoreInUseException">Another host holds the database.</exception>
    /// <exception cref="StoreSchemaException">The database's schema is newer than this host knows.</exception>
    public async Task InitializeAsync(CancellationToken cancellation)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var holder = $"process {Environment.ProcessId} on {Environment.MachineName}, started {Time(DateTimeOffset.UtcNow)}";
        _lock ??= StoreLock.TryAcquire(Path, holder) ?? throw new StoreInUseException(Path, ReadHolder());

        // Opened once per store, so kept out of the pool the store's own connections share.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        await connection.OpenAsync(cancellation);
        Pragmas(connection);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(cancellation);
        }

        // Schema version 10 turns the time columns' text into ticks, read as this store reads its text,
        // and the duplicate keys into the digests the writers look them up by.
        connection.CreateFunction("ticks", (string? text) => text is null ? null : (long?)StoredRows.Time(text).UtcTicks, isDeterministic: true);
        connection.CreateFunction("duplicate_key", (string key) => DuplicateKeyStatements.Digest(key), isDeterministic: true);

        // The lock file already keeps every other host out: no lock is needed around the upgrade.
        await Migrator.UpgradeAsync(connection, Path, exclusive: "", cancellation);
        if (_scratch)
        {
            ScratchIndexes.Defer(connection);
        }

        await using (var held = connection.CreateCommand())
        {
            held.CommandText = "INSERT INTO meta (key, value) VALUES ('holder', $holder) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
            held.Parameters.AddWithValue("$holder", holder);
            await held.ExecuteNonQueryAsync(cancellation);
        }

        _identity = Inputs.FileIdentity.Of(Path);
    }

    // The holder writes itself into the store when it starts; a database another host holds is read, not written.
    private string? ReadHolder()
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = 'holder'";
            return command.ExecuteScalar() as string;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<string?> CheckAsync(CancellationToken cancellation)
    {
        // A writer keeps writing to a file deleted or replaced under it, and loses everything it writes.
        if (!File.Exists(Path))
        {
            return $"the database file {Path} is gone";
        }

        if (_identity is { } identity && Inputs.FileIdentity.Of(Path) is { } now && now != identity)
        {
            return $"the database file {Path} was replaced by another file";
        }

        // Asked by every readiness probe, which then counts the alerts waiting: the least that shows the
        // store answers, not a question whose cost grows with the history.
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM meta LIMIT 1";
        await command.ExecuteScalarAsync(cancellation);
        return null;
    }

    /// <summary>Releases the database for another host, and the connections the store opened.</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
        _writeTurn.Dispose();

        // A connection closed goes back to the driver's pool with its page cache (a writer's holds up
        // to 64 MB): what comes after the store, a simulation's report, would run beside it.
        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);
    }

    /// <inheritdoc />
    public IHandoffWriter OpenWriter()
    {
        lock (_writersGate)
        {
            // Its writer holds duplicate keys back past their commits (see QueuedWriter), which a second writer would not see.
            if (_scratch && _writerOpened)
            {
                throw new InvalidOperationException($"{Path} is a simulation's scratch store: it has one writer.");
            }
        }

        // A simulation's writer keeps a quarter of a host's cache: a week of 250,000 leads peaked about
        // 50 MB lower (a median of 381 against 430 MB, eleven runs and twelve) in the same time.
        var writer = new Writer(Open(_scratch ? 16384 : 65536), _writeTurn, _playbook, _statements) { BuildsDeferredIndexes = _scratch && _readByLead };
        if (InlineWrites)
        {
            return writer;
        }

        // The reads of what is committed look up index pages of a few tables (inputs, leads,
        // duplicate keys, timers): a quarter of the writer's cache holds them (a larger one only
        // took memory: 90 MB more in a 250,000-lead week, no faster).
        var reads = new CommittedReads(Open(cacheKiB: 16384), _statements);
        lock (_writersGate)
        {
            // The first writer on a store that holds nothing knows every input, lead and key there
            // will be, for as long as no other writer opens (the store's lock keeps other processes out).
            var empty = !_writerOpened && _lock is not null && reads.HoldsNothing();
            _writerOpened = true;
            _answersFromWrites?.ForgetWritten();
            // A scratch store is a simulation's, written by its one writer and thrown away if the run stops.
            if (empty && _scratch)
            {
                writer.HoldTraceStepsBack();
            }

            var queued = new QueuedWriter(writer, reads, storeEmpty: empty, keysHeldBack: empty && _scratch, commitsBehind: _scratch);
            _answersFromWrites = empty ? queued : null;
            return queued;
        }
    }

    // A connection of the writer's: it touches the tails of the log and the pages of several indexes
    // in every batch, and SQLite's default 2 MB page cache evicts them between batches and reads them
    // back (so would the queued writer's reads, which look up the same leads, keys and timers).
    private SqliteConnection Open(int cacheKiB)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Pragmas(connection);
        using var cache = connection.CreateCommand();
        cache.CommandText = $"PRAGMA cache_size = -{cacheKiB}";
        cache.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// The queued writer's reads of what is committed, on a connection of their own: in WAL mode each
    /// sees the last commit, whatever the writer's connection has written since.
    /// </summary>
    private sealed class CommittedReads(SqliteConnection connection, StrongBox<long> statements) : ICommittedReads
    {
        private readonly StatementTexts<SqliteCommand> _commands = new();
        private readonly DuplicateKeyStatements _duplicateKeys = new("$", "$");

        public (string? Outcome, bool LeadKept) InputOutcomeAndLead(string source, string sourceId, string? leadId) =>
            Writer.InputOutcomeAndLead(Query, source, sourceId, leadId);

        public (string LeadId, string? Queue, string? Member, DateTimeOffset At)?[] FindDuplicateKeys(IReadOnlyList<string> keys) => _duplicateKeys.Find(keys, Query);

        public StoredLead? FindLead(string leadId) => Writer.FindLead(Query, leadId);

        /// <summary>True when the store holds no input, no lead and no duplicate key.</summary>
        public bool HoldsNothing()
        {
            using var reader = Query("SELECT NOT EXISTS (SELECT 1 FROM inputs) AND NOT EXISTS (SELECT 1 FROM leads) AND NOT EXISTS (SELECT 1 FROM dedupe)", []);
            return reader.Read() && reader.GetBoolean(0);
        }

        public Lead? NormalisedLead(string leadId) => Writer.NormalisedLead(Query, leadId);

        public IReadOnlyList<StoredTimer> Timers(string leadId) => Writer.Timers(Query, leadId);

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }

        private DbDataReader Query(string sql, (string Name, object Value)[] parameters)
        {
            statements.Value++;
            return Prepared(_commands, connection, sql, parameters).ExecuteReader();
        }
    }

    // Statements are prepared once per connection and reused: the hot path binds values only.
    private static SqliteCommand Prepared(StatementTexts<SqliteCommand> commands, SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = commands.Get(sql, (connection, parameters), static (text, made) =>
        {
            var command = made.connection.CreateCommand();
            command.CommandText = text;
            foreach (var (name, _) in made.parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        });

        var bound = command.Parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            var (name, value) = parameters[i];
            var parameter = i < bound.Count && string.Equals(bound[i].ParameterName, name, StringComparison.Ordinal) ? bound[i] : bound[name];
            parameter.Value = value;
        }

        return command;
    }

    // Statements the writers of this store ran: what a decision costs in round trips to SQLite.
    private readonly StrongBox<long> _statements = new();

    /// <summary>How many statements the writers of this store have run (a cost measure for tests and benchmarks).</summary>
    internal long WriterStatements => _statements.Value;

    /// <inheritdoc />
    public async Task<StoredLead?> GetLeadAsync(string leadId, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = Writer.SelectLead;
        command.Parameters.AddWithValue("$lead", leadId);
        StoredLead lead;
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            if (!await reader.ReadAsync(cancellation))
            {
                return null;
            }

            lead = ReadLead(reader);
        }

        return await WithFullTraceAsync(connection, lead, cancellation);
    }

    // A compact trace reads back as the JSON the processor wrote (see CompactTrace).
    private static async Task<StoredLead> WithFullTraceAsync(SqliteConnection connection, StoredLead lead, CancellationToken cancellation)
    {
        if (!CompactTrace.IsCompact(lead.Trace))
        {
            return lead;
        }

        var (ids, inline) = CompactTrace.Read(lead.LeadId, lead.Trace!);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, step FROM trace_steps WHERE id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", CompactTrace.JsonArray(CompactTrace.StoredIds(ids, inline)));
        var steps = new Dictionary<long, string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                steps[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        return lead with { Trace = CompactTrace.Expand(lead.LeadId, ids, inline, steps) };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredTimer>> GetTimersAsync(string leadId, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = Writer.SelectTimers + " WHERE lead_id = $lead ORDER BY due_at, sla";
        command.Parameters.AddWithValue("$lead", leadId);
        return await ReadAllAsync(command, ReadTimer, cancellation);
    }

    /// <summary>
    /// The whole event log in log order, read one event at a time as it is enumerated: the caller
    /// decides what to keep, so a long log is not held in memory just to be read.
    /// </summary>
    public IEnumerable<HandoffEvent> ReadEvents()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Pragmas(connection);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventColumns} FROM events ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return ReadEvent(reader);
        }
    }

    /// <summary>
    /// The events of some types in log order, as the database keeps them: each is handed to
    /// <paramref name="read"/> with its lead id, type and data in UTF-8, valid only during the call.
    /// Nothing is copied into a string or a JSON object, so a reader that needs a few facts of each
    /// event of a long log (the weekly report) pays for those alone; the other types are not read.
    /// </summary>
    /// <param name="types">The event types to read.</param>
    /// <param name="read">Called for each event, in log order, on the calling thread (the database is read a block ahead on another).</param>
    public void ReadEvents(IReadOnlyCollection<string> types, StoredEventReader read)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(read);
        EventReadAhead.Run(emit => ReadStoredEvents(types, emit), read);
    }

    private void ReadStoredEvents(IReadOnlyCollection<string> types, StoredEventReader read)
    {
        using var scan = SqliteScan.Open(Path);
        int version;
        using (var rows = scan.Query(EventLogSchema.VersionSql))
        {
            version = EventLogSchema.Check(rows.Read() && !rows.IsNull(0) ? int.Parse(rows.Text(0), CultureInfo.InvariantCulture) : 0, System.IO.Path.GetFileName(Path));
        }

        var playbooks = new Dictionary<long, PlaybookVersion>();
        using (var rows = scan.Query("SELECT id, version, content_hash FROM playbooks"))
        {
            while (rows.Read())
            {
                playbooks[rows.Int64(0)] = new PlaybookVersion(rows.Text(1), rows.Text(2));
            }
        }

        // The lead facts events open with are kept once per distinct set (schema version 8): a few
        // thousand, read first and handed over apart from each event's data, so a reader reads each
        // set once. A log a host of the version before still writes keeps them in each event; a report
        // of it is read as it is, not refused. All is read in one snapshot: every set an event names is here.
        var facts = new Dictionary<long, StoredFacts>();
        var factsKeptOnce = version >= EventLogSchema.FactsKeptOnce;
        if (factsKeptOnce)
        {
            using var rows = scan.Query("SELECT id, facts FROM event_facts");
            while (rows.Read())
            {
                facts[rows.Int64(0)] = new StoredFacts(rows.Int64(0), rows.Bytes(1).ToArray());
            }
        }

        var sql = $"SELECT seq, lead_id, type, at, data, playbook_id, {(factsKeptOnce ? "facts_id" : "NULL")} FROM events WHERE type IN ({string.Join(", ", types.Select((_, i) => "?" + (i + 1)))}) ORDER BY seq";
        using (var rows = scan.Query(sql, types))
        {
            while (rows.Read())
            {
                read(rows.Int64(0), rows.Bytes(1), rows.Bytes(2),
                    rows.IsInteger(3) ? At(rows.Int64(3)) : StoredRows.Time(rows.Bytes(3)),
                    rows.Bytes(4),
                    rows.IsNull(6) ? null : facts[rows.Int64(6)],
                    rows.IsNull(5) ? null : playbooks.GetValueOrDefault(rows.Int64(5)));
            }
        }
    }

    /// <summary>
    /// The position of the log's last event, 0 for an empty log: what a progress bar over the log
    /// counts towards (read from the table's key at once, where counting the events would read them all).
    /// </summary>
    public long LastSeq()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Pragmas(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM events";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// The time of the newest event of one of <paramref name="types"/>, or null when there is none:
    /// read from the index of lead activity by time when they are the report's lead activity types
    /// (from schema version 9; a log before it walks its index of every event by time).
    /// </summary>
    /// <param name="types">The event types to look for.</param>
    public DateTimeOffset? LastEventAt(IReadOnlyList<string> types)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Pragmas(connection);
        using var command = connection.CreateCommand();
        command.CommandText = LastEventAtSql(types);
        return command.ExecuteScalar() switch
        {
            long ticks => At(ticks),
            string text => StoredRows.Time(text),
            _ => null,
        };
    }

    /// <summary>
    /// <see cref="LastEventAt"/>'s query. The types are written out as literals, not bound: the log
    /// indexes by time only the lead activity types (<c>events_activity_by_time</c>, schema version 9),
    /// and SQLite uses that partial index only for a query whose WHERE implies the index's. The types
    /// are a chain of equalities, as the index names them from schema version 15 (see its migration);
    /// SQLite reads the chain as an IN list too, so a log written before it, whose index names that
    /// list and which the report reads as it is, is read from its index as well.
    /// </summary>
    internal static string LastEventAtSql(IReadOnlyList<string> types) =>
        $"SELECT at FROM events WHERE {string.Join(" OR ", types.Select(t => "type = '" + t.Replace("'", "''", StringComparison.Ordinal) + "'"))} ORDER BY at DESC LIMIT 1";

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffEvent>> GetEventsAsync(string? leadId, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();

        // A command that only reads (suggest) may be given a log of the schema before; a host's own is current.
        var version = EventLogSchema.Check(connection, System.IO.Path.GetFileName(Path));
        var where = new List<string>();
        if (leadId is not null)
        {
            where.Add("lead_id = $lead");
            command.Parameters.AddWithValue("$lead", leadId);
        }

        if (since is not null)
        {
            where.Add("at >= $from");
            command.Parameters.AddWithValue("$from", At(since.Value, version));
        }

        if (until is not null)
        {
            where.Add("at < $to");
            command.Parameters.AddWithValue("$to", At(until.Value, version));
        }

        command.CommandText = $"SELECT {EventLogSchema.EventColumns(version)} FROM events" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY seq";
        return await ReadAllAsync(command, ReadEvent, cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(string Queue, string? Member, string? Status, int Leads)>> GetOpenLoadAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT queue, member, status, COUNT(*) FROM leads WHERE outcome = 'routed' AND nurture_track IS NULL AND queue IS NOT NULL GROUP BY queue, member, status ORDER BY queue, member, status";
        return await ReadAllAsync(command, r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3)), cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredTimer>> GetDueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = Writer.SelectTimers + " WHERE state = 'pending' AND due_at <= $now ORDER BY due_at LIMIT $limit";
        command.Parameters.AddWithValue("$now", At(now));
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(command, ReadTimer, cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxItem>> GetDueOutboxAsync(DateTimeOffset now, int limit, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        // At most ten per target, so a target that is down with a long backlog does not hide the others'
        // alerts. The due alerts are read in id order from the oldest one waiting, and each target's
        // first ten taken as they come until the limit: the ten-per-target window over every alert
        // waiting, sorted, then cut to the limit, gives the same alerts, but it sorted all of them once a
        // second (0.4 s with 140,000 waiting: a replay with no Slack configured, or a target down for long).
        // NOT INDEXED keeps SQLite on the table's own id order: by the due-time index it sorted them again.
        command.CommandText = DueOutboxSql;
        command.Parameters.AddWithValue("$now", At(now));
        var due = new List<OutboxItem>();
        var turns = new Dictionary<(string Channel, string Target), int>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (due.Count < limit && await reader.ReadAsync(cancellation))
        {
            var target = (reader.GetString(1), reader.GetString(2));
            var turn = turns.GetValueOrDefault(target);
            if (turn < OutboxTurnsPerTarget)
            {
                turns[target] = turn + 1;
                due.Add(new OutboxItem(reader.GetInt64(0), target.Item1, target.Item2, reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5)));
            }
        }

        return due;
    }

    // Alerts of one target handed out in one look at the outbox at most.
    private const int OutboxTurnsPerTarget = 10;

    /// <summary>The undelivered alerts due by <c>$now</c>, in id order from the oldest one waiting.</summary>
    internal const string DueOutboxSql = """
        SELECT id, channel, target, body, lead_id, attempts FROM outbox NOT INDEXED
        WHERE id >= (SELECT MIN(id) FROM outbox WHERE delivered_at IS NULL) AND delivered_at IS NULL AND next_attempt_at <= $now
        ORDER BY id
        """;

    /// <inheritdoc />
    public async Task<int> CountOutboxPendingAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellation), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public Task MarkDeliveredAsync(long id, DateTimeOffset at, CancellationToken cancellation) =>
        ExecuteAsync("UPDATE outbox SET delivered_at = $at, attempts = attempts + 1, last_error = NULL WHERE id = $id", cancellation, ("$at", At(at)), ("$id", id));

    /// <inheritdoc />
    public Task MarkAttemptFailedAsync(long id, DateTimeOffset nextAttempt, string problem, CancellationToken cancellation) =>
        ExecuteAsync("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $next, last_error = $error WHERE id = $id", cancellation, ("$next", At(nextAttempt)), ("$error", problem), ("$id", id));

    /// <inheritdoc />
    public Task GiveUpOutboxAsync(long id, DateTimeOffset at, string problem, CancellationToken cancellation) =>
        ExecuteAsync("UPDATE outbox SET delivered_at = $at, attempts = attempts + 1, last_error = $error WHERE id = $id", cancellation,
            ("$at", At(at)), ("$error", GivenUp + problem), ("$id", id));

    /// <inheritdoc />
    public async Task<IReadOnlyList<(OutboxItem Item, string Problem)>> GetGivenUpOutboxAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, channel, target, body, lead_id, attempts, last_error FROM outbox WHERE delivered_at IS NOT NULL AND last_error LIKE 'given up: %' ORDER BY id";
        return await ReadAllAsync(command, r => (new OutboxItem(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5)), r.GetString(6)[GivenUp.Length..]), cancellation);
    }

    // A delivered row keeps no error; a given-up one is "delivered" (out of the backlog) with this mark.
    private const string GivenUp = "given up: ";

    /// <inheritdoc />
    public Task RecordRejectedRequestAsync(string path, string reason, string? remote, byte[] body, DateTimeOffset at, CancellationToken cancellation) =>
        ExecuteAsync("INSERT INTO rejected_requests (at, path, reason, remote, body_bytes, body_sha256) VALUES ($at, $path, $reason, $remote, $bytes, $sha)", cancellation,
            ("$at", At(at)), ("$path", path), ("$reason", reason), ("$remote", (object?)remote ?? DBNull.Value), ("$bytes", body.Length), ("$sha", Convert.ToHexStringLower(SHA256.HashData(body))));

    /// <inheritdoc />
    public async Task<bool> WasProcessedAsync(string source, string sourceId, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM inputs WHERE source = $source AND source_id = $id";
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$id", sourceId);
        return await command.ExecuteScalarAsync(cancellation) is not null;
    }

    /// <inheritdoc />
    public async Task<InputCursor?> GetCursorAsync(string input, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = Writer.SelectCursor;
        command.Parameters.AddWithValue("$input", input);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? ReadCursor(input, reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, source, position, raw, reason, at FROM dead_letters ORDER BY id";
        return await ReadAllAsync(command, r => new DeadLetter(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), At(r, 5)), cancellation);
    }

    /// <inheritdoc />
    public async Task<StoreCounts> CountAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT
              (SELECT COUNT(*) FROM inputs WHERE outcome = 'routed'),
              (SELECT COUNT(*) FROM inputs WHERE outcome = 'disqualified'),
              (SELECT COUNT(*) FROM inputs WHERE outcome = 'duplicate'),
              (SELECT COUNT(*) FROM dead_letters),
              (SELECT COUNT(*) FROM inputs WHERE outcome = 'applied'),
              (SELECT COALESCE(MAX(CAST(value AS INTEGER)), 0) FROM meta WHERE key = 'redeliveries'),
              (SELECT COUNT(*) FROM rejected_requests),
              (SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL),
              (SELECT COALESCE(MAX(CAST(value AS INTEGER)), 0) FROM meta WHERE key = 'rotations'),
              (SELECT COALESCE(MAX(CAST(value AS INTEGER)), 0) FROM meta WHERE key = 'blank_lines')
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return new StoreCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9));
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellation);
        Pragmas(connection);
        return connection;
    }

    private void Pragmas(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        // A writer's batch dirties some 700 pages (indexes on random keys take one each: duplicate
        // keys, trace steps, the timers and rows of leads whose SLA breached), so with SQLite's
        // checkpoint at 1,000 pages of log nearly every commit was followed by a checkpoint writing the
        // same pages into the database again; at 16,384 pages (64 MB) a page many batches rewrite is
        // copied once per checkpoint. Any connection that commits may run the checkpoint, so all
        // share the setting. Commits are as durable as before: each is synced to the log.
        // A statement that writes several rows inside a batch keeps what it would undo in a statement
        // journal, a temporary file by default: some nine writes to it a lead. In memory it costs a
        // statement's pages while the statement runs, and the file's writes are gone.
        command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 16384; " +
            $"PRAGMA synchronous = {(_scratch ? "OFF" : _synchronousFull ? "FULL" : "NORMAL")};";
        command.ExecuteNonQuery();
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellation, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await _writeTurn.WaitAsync(cancellation);
        try
        {
            await command.ExecuteNonQueryAsync(cancellation);
        }
        finally
        {
            _writeTurn.Release();
        }
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken cancellation)
    {
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            list.Add(read(reader));
        }

        return list;
    }

    /// <summary>
    /// The events of no lead of a type (availability set, account owners refreshed) after a position
    /// in the log: read by lead (<c>events_by_lead</c>), or on a simulation's scratch store by the
    /// partial index of those events (<see cref="ScratchIndexes"/>).
    /// </summary>
    internal static readonly string EventsWithoutLeadSql =
        $"SELECT {EventColumns} FROM events WHERE lead_id = '' AND seq > $after AND type = $type ORDER BY seq";

    /// <summary>
    /// The value of a field in the newest write-back queued to a HubSpot contact that sets it: read
    /// by the contact's write-backs alone, newest first (schema version 17), not through the outbox.
    /// </summary>
    internal const string LastHubSpotWriteSql =
        "SELECT json_extract(body, $path) FROM outbox WHERE channel = 'hubspot' AND target = $target AND json_extract(body, $path) IS NOT NULL ORDER BY id DESC LIMIT 1";

    /// <summary>
    /// A lead's last change of a property (a property change carries no lead facts, so its stored
    /// data holds the property it names): read by lead, or on a scratch store by the partial index of
    /// property changes.
    /// </summary>
    internal static readonly string LastPropertyChangeSql =
        $"SELECT {EventColumns} FROM events WHERE lead_id = $lead AND type = 'lead.property_changed' AND json_extract(data, '$.property') = $property ORDER BY seq DESC LIMIT 1";

    /// <summary>
    /// The routed leads nobody owns or holds, with the owner each was taken from: that is on the last
    /// reassignment or escalation that moved it, read by lead, or on a scratch store by the partial
    /// index of those two kinds.
    /// </summary>
    internal static readonly string UnheldLeadsSql = $"""
        SELECT {LeadColumns("l", asStored: true)},
               (SELECT json_extract(e.data, '$.from_member') FROM events e
                 WHERE e.lead_id = l.lead_id AND e.type IN ('lead.reassigned', 'lead.escalated') ORDER BY e.seq DESC LIMIT 1)
        FROM leads l LEFT JOIN holds h ON h.lead_id = l.lead_id
        WHERE l.outcome = 'routed' AND l.queue IS NOT NULL AND l.member IS NULL AND l.nurture_track IS NULL
          AND (h.lead_id IS NULL OR h.state NOT IN ('held', 'expired'))
        ORDER BY l.updated_at, l.lead_id LIMIT $limit
        """;

    /// <summary>The held-lead scan's read of a queue: its waiting holds, oldest first, a page after the last one looked at, from their own index (schema version 14).</summary>
    internal const string OpenHoldsSql =
        "SELECT lead_id, queue, held_at, hold_until, state, excluded_member, ended_at FROM holds WHERE queue = $queue AND state IN ('held', 'expired') AND (held_at, lead_id) > ($held, $lead) ORDER BY held_at, lead_id LIMIT $limit";

    /// <summary>The held-lead scan's read of the holds whose maximum hold has run out, earliest first, from their own index (schema version 14).</summary>
    internal const string HoldsRunningOutSql =
        "SELECT lead_id, queue, held_at, hold_until, state, excluded_member, ended_at FROM holds WHERE state = 'held' AND hold_until <= $at ORDER BY hold_until, lead_id LIMIT $limit";

    /// <summary>The writer: one connection, prepared statements, one transaction at a time.</summary>
    private sealed class Writer(SqliteConnection connection, SemaphoreSlim writeTurn, PlaybookVersion? playbook, StrongBox<long> statements) : IHandoffWriter, IPreparedWrites, IWritesAhead
    {
        public static readonly string SelectLead = $"SELECT {LeadColumns("leads")} FROM leads WHERE lead_id = $lead";

        // The writer's own reads take the lead as stored, without its intake event's input.
        private static readonly string SelectLeadAsStored = $"SELECT {LeadColumns("leads", asStored: true)} FROM leads WHERE lead_id = $lead";
        public const string SelectTimers = "SELECT lead_id, sla, kind, started_at, due_at, state, settled_at, late FROM timers";

        private readonly SqliteWrites _writes = new(connection);
        private readonly StatementTexts<SqliteCommand> _commands = new();
        private readonly DuplicateKeyStatements _duplicateKeys = new("$", "$");
        private readonly TraceStepBook _traceSteps = new("$", "$");
        private readonly IntakeBook _intake = new();
        private readonly EventFactsBook _facts = new();

        // The books' look-ups on a miss, made into delegates once rather than on every event.
        private Func<string, long>? _findFacts;
        private Func<PlaybookVersion, long>? _findPlaybook;
        // Events appended after their lead's intake event and not inserted yet (see FlushEvents).
        private readonly PendingRows _events = new("events", AppendedEventColumns, "$", "$");

        // Alerts and write-backs queued in the open transaction and not inserted yet (see FlushOutbox).
        private readonly PendingRows _outbox = new("outbox", ["channel", "target", "body", "lead_id", "created_at", "next_attempt_at"], "$", "$");
        private SqliteTransaction? _transaction;

        public void Begin()
        {
            writeTurn.Wait();
            try
            {
                _transaction = connection.BeginTransaction();
            }
            catch
            {
                writeTurn.Release();
                throw;
            }
        }

        public void Commit()
        {
            try
            {
                FlushEvents();
                FlushOutbox();
                LeadRows.Flush();
                _transaction!.Commit();
                _traceSteps.Committed();
                _intake.Committed();
                _facts.Committed();
            }
            finally
            {
                End();
            }

            if (_traceSteps.HoldsTooMany)
            {
                WriteHeldTraceSteps();
            }
        }

        // A scratch store's writer holds its trace steps back (see TraceStepBook.HoldBack) until it
        // is done, or until it holds too many, and writes them in a transaction of their own.
        public void HoldTraceStepsBack() => _traceSteps.HoldBack();

        private void WriteHeldTraceSteps()
        {
            Begin();
            try
            {
                _traceSteps.WriteHeldBack(Query, StoredStep);
                Commit();
            }
            catch
            {
                Rollback();
                throw;
            }
        }

        public void Rollback()
        {
            try
            {
                _transaction?.Rollback();
            }
            finally
            {
                End();
            }
        }

        // Every Begin that took the write turn gives it back exactly once, whether the transaction
        // committed, rolled back or failed.
        private void End()
        {
            if (_transaction is null)
            {
                return;
            }

            _traceSteps.RolledBack();
            _tracesWritten.Clear();
            _leadRows?.Clear();
            _intake.Ended();
            _facts.RolledBack();
            _events.Clear();
            _outbox.Clear();
            _transaction.Dispose();
            _transaction = null;
            writeTurn.Release();
        }

        public DistributionSnapshot? LoadDistribution() =>
            Scalar("SELECT snapshot FROM distribution WHERE id = 1") is string json ? JsonSerializer.Deserialize<DistributionSnapshot>(json) : null;

        public void SaveDistribution(DistributionSnapshot snapshot) =>
            Execute("INSERT INTO distribution (id, snapshot) VALUES (1, $s) ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot", ("$s", JsonSerializer.Serialize(snapshot)));

        public const string SelectCursor = "SELECT position, line, identity, generation FROM cursors WHERE input = $input";

        public InputCursor? LoadCursor(string input)
        {
            using var reader = Command(SelectCursor, ("$input", input)).ExecuteReader();
            return reader.Read() ? ReadCursor(input, reader) : null;
        }

        public void SaveCursor(InputCursor cursor) => Execute("""
            INSERT INTO cursors (input, position, line, identity, generation) VALUES ($input, $position, $line, $identity, $generation)
            ON CONFLICT (input) DO UPDATE SET position = excluded.position, line = excluded.line, identity = excluded.identity, generation = excluded.generation
            """,
            ("$input", cursor.Input), ("$position", cursor.Position), ("$line", cursor.Line), ("$identity", Db(cursor.Identity)), ("$generation", cursor.Generation));

        public string? InputOutcome(string source, string sourceId) =>
            Scalar("SELECT outcome FROM inputs WHERE source = $source AND source_id = $id", ("$source", source), ("$id", sourceId)) as string;

        public (string? Outcome, bool LeadKept) InputOutcomeAndLead(string source, string sourceId, string? leadId) => InputOutcomeAndLead(Query, source, sourceId, leadId);

        // The reads the queued writer also asks of what is committed: one text each, on either connection.
        public static (string? Outcome, bool LeadKept) InputOutcomeAndLead(Func<string, (string Name, object Value)[], DbDataReader> query, string source, string sourceId, string? leadId)
        {
            using var reader = query("SELECT (SELECT outcome FROM inputs WHERE source = $source AND source_id = $id), EXISTS (SELECT 1 FROM leads WHERE lead_id = $lead)",
                [("$source", source), ("$id", sourceId), ("$lead", Db(leadId))]);
            reader.Read();
            return (Text(reader, 0), leadId is not null && reader.GetBoolean(1));
        }

        public static StoredLead? FindLead(Func<string, (string Name, object Value)[], DbDataReader> query, string leadId)
        {
            using var reader = query(SelectLeadAsStored, [("$lead", leadId)]);
            return reader.Read() ? ReadLead(reader, asStored: true) : null;
        }

        public static List<StoredTimer> Timers(Func<string, (string Name, object Value)[], DbDataReader> query, string leadId)
        {
            using var reader = query(SelectTimers + " WHERE lead_id = $lead ORDER BY due_at, sla", [("$lead", leadId)]);
            var timers = new List<StoredTimer>();
            while (reader.Read())
            {
                timers.Add(ReadTimer(reader));
            }

            return timers;
        }

        public void RecordInput(string source, string sourceId, string kind, string outcome, string? leadId, DateTimeOffset at) =>
            Execute("INSERT INTO inputs (source, source_id, kind, outcome, lead_id, received_at) VALUES ($source, $id, $kind, $outcome, $lead, $at)",
                ("$source", source), ("$id", sourceId), ("$kind", kind), ("$outcome", outcome), ("$lead", (object?)leadId ?? DBNull.Value), ("$at", At(at)));

        public void CountRedelivery() => Execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'redeliveries'");

        public void CountRotation() => Execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'rotations'");

        public void CountBlankLine() => Execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'blank_lines'");

        public void Append(string leadId, string type, DateTimeOffset at, EventMembers data) => Append(leadId, type, at, PrepareEvent(data));

        public (string? Facts, string Data, string? Input) PrepareEvent(EventMembers data) => EventRow(data);

        public void Append(string leadId, string type, DateTimeOffset at, (string? Facts, string Data, string? Input) row)
        {
            var (facts, text, input) = row;
            var factsId = facts is null ? DBNull.Value : (object)_facts.Id(facts, _findFacts ??= FactsId);
            if (input is null)
            {
                if (_events.Add(leadId, type, At(at), text, _intake.PlaybookId(playbook, _findPlaybook ??= PlaybookId), factsId))
                {
                    FlushEvents();
                }

                return;
            }

            AppendWithInput(leadId, type, at, text, input, factsId);
        }

        public void AppendIntake(string leadId, string type, DateTimeOffset at, string decision, string input) =>
            AppendWithInput(leadId, type, at, decision, input, DBNull.Value);

        private void AppendWithInput(string leadId, string type, DateTimeOffset at, string text, string input, object factsId)
        {
            // The lead's row names the intake event by its position: the events before it go in first.
            FlushEvents();

            // seq is the row's id: the statement runs as the other writes do, and SQLite says what it gave.
            Execute("INSERT INTO events (lead_id, type, at, data, input, playbook_id, facts_id) VALUES ($lead, $type, $at, $data, $input, $playbook, $facts)",
                ("$lead", leadId), ("$type", type), ("$at", At(at)), ("$data", text), ("$input", input), ("$playbook", _intake.PlaybookId(playbook, _findPlaybook ??= PlaybookId)), ("$facts", factsId));
            var seq = raw.sqlite3_last_insert_rowid(connection.Handle);
            if (factsId is DBNull)
            {
                _intake.Logged(leadId, seq, text, input);
            }
        }

        // A set of facts' row, added the first time any writer logs it: its id is what events keep.
        private long FactsId(string facts)
        {
            // Mostly a set no writer logged yet; one another writer (or this one, before a restart) kept is read.
            return Scalar("INSERT INTO event_facts (facts) VALUES ($facts) ON CONFLICT (facts) DO NOTHING RETURNING id", ("$facts", facts)) is long added
                ? added
                : (long)Scalar("SELECT id FROM event_facts WHERE facts = $facts", ("$facts", facts))!;
        }

        // Events appended and not inserted yet go in now (see PendingRows): before the log is read in
        // this transaction, before an intake event, and before the commit.
        private void FlushEvents() => Insert(_events);

        // Rows that waited in the transaction (see PendingRows) go in by statements run as the other writes are.
        private void Insert(PendingRows rows)
        {
            if (!rows.IsEmpty)
            {
                rows.Flush(_execute ??= Execute);
            }
        }

        private Action<string, (string Name, object Value)[]>? _execute;

        // The playbook's row, added when no host recorded it as started (a tool, a test): its id is what events keep.
        private long PlaybookId(PlaybookVersion version)
        {
            Execute("INSERT INTO playbooks (version, content_hash) VALUES ($version, $hash) ON CONFLICT (version, content_hash) DO NOTHING",
                ("$version", version.Version), ("$hash", version.ContentHash));
            return (long)Scalar("SELECT id FROM playbooks WHERE version = $version AND content_hash = $hash", ("$version", version.Version), ("$hash", version.ContentHash))!;
        }

        public IReadOnlyList<HandoffEvent> EventsWithoutLead(string type, long afterSeq)
        {
            FlushEvents();
            var events = new List<HandoffEvent>();
            using var reader = Command(EventsWithoutLeadSql, ("$after", afterSeq), ("$type", type)).ExecuteReader();
            while (reader.Read())
            {
                events.Add(ReadEvent(reader));
            }

            return events;
        }

        public StoredLead? FindLead(string leadId) => FindLead(Query, leadId);

        public Lead? NormalisedLead(string leadId) => NormalisedLead(Query, leadId);

        public static Lead? NormalisedLead(Func<string, (string Name, object Value)[], DbDataReader> query, string leadId)
        {
            using var reader = query(SelectLead, [("$lead", leadId)]);
            return reader.Read() ? ReadNormalisedLead(reader) : null;
        }

        public void SaveLead(StoredLead lead) => SaveLead(lead, null);

        public void SaveLead(StoredLead lead, TraceSteps? steps)
        {
            var (decision, stored, intake) = _intake.Row(lead);
            LeadRows.Save(lead.LeadId, [
                ("$lead", lead.LeadId), ("$outcome", lead.Outcome), ("$status", Db(lead.Status)), ("$stage", Db(lead.Stage)), ("$queue", Db(lead.Queue)),
                ("$member", Db(lead.Member)), ("$source", Db(lead.Source)), ("$segment", Db(lead.Segment)), ("$territory", Db(lead.Territory)),
                ("$arrived", At(lead.ArrivedAt)), ("$track", Db(lead.NurtureTrack)), ("$json", stored), ("$decision", decision), ("$intake", intake),
                ("$updated", At(lead.UpdatedAt))], _transaction is not null);
            if (TraceToWrite(lead, steps) is { } trace)
            {
                Execute(_traceSteps.SaveTraceSql, ("$lead", lead.LeadId), ("$trace", trace));
            }
        }

        // The rows saved in this transaction and not written yet.
        private PendingLeadRows? _leadRows;

        // Lead rows written ahead of the commit a few at a time, so the deciding thread, should it
        // need the writer meanwhile, waits a fraction of a millisecond for them. The newest rows
        // wait on: their leads are the likeliest to be saved again before the commit (in a replayed
        // week, an offer or an SDR's answer minutes after the routing).
        private const int RowsWrittenAhead = 32;
        private const int NewestRowsKept = 512;

        public bool WriteAhead() => _leadRows?.WriteAhead(RowsWrittenAhead, NewestRowsKept) ?? false;

        private PendingLeadRows LeadRows => _leadRows ??= new(row => Execute(SaveLeadSql, row));

        private static readonly string SaveLeadSql = $"""
            INSERT INTO leads (lead_id, outcome, status, stage, queue, member, source, segment, territory, arrived_at, nurture_track, lead, decision, intake_seq, updated_at)
            VALUES ($lead, $outcome, $status, $stage, $queue, $member, $source, $segment, $territory, $arrived, $track, $json, $decision, $intake, $updated)
            ON CONFLICT (lead_id) DO UPDATE SET outcome = excluded.outcome, status = excluded.status, stage = excluded.stage, queue = excluded.queue,
              member = excluded.member, nurture_track = excluded.nurture_track, {DecisionUpdate("leads")}, updated_at = excluded.updated_at
            """;

        // A lead saved again in the transaction that saved it may come back with the same trace the
        // processor wrote (a queued writer gives it back as saved): that trace is written already, in
        // the compact form made then, whose steps met first stay in the trace.
        private string? TraceToWrite(StoredLead lead, TraceSteps? steps)
        {
            // The trace as the processor wrote it (its steps), or as text; its text is not joined here.
            object? written = lead.WrittenTrace ?? (object?)lead.Trace;
            if (written is not null && _tracesWritten.TryGetValue(lead.LeadId, out var earlier) && ReferenceEquals(earlier, written))
            {
                return null;
            }

            var trace = _traceSteps.ToWrite(lead, steps, Query, StoredStep);
            if (trace is not null)
            {
                _tracesWritten[lead.LeadId] = written!;
            }

            return trace;
        }

        private string? StoredStep(long id) => Scalar("SELECT step FROM trace_steps WHERE id = $id", ("$id", id)) as string;

        // The traces written in the open transaction, by lead: the steps or text each was written from.
        private readonly Dictionary<string, object> _tracesWritten = new(StringComparer.Ordinal);

        // Asking costs nothing here: the same statement, its answer left unread.
        public void StartTimerOfNewLead(StoredTimer timer) => StartTimer(timer);

        // Run as the other writes are; SQLite's count of the rows the statement changed is the answer.
        public bool StartTimer(StoredTimer timer)
        {
            Execute("""
            INSERT INTO timers (lead_id, sla, kind, started_at, due_at, state, late) VALUES ($lead, $sla, $kind, $started, $due, $state, 0)
            ON CONFLICT (lead_id, sla) DO UPDATE SET kind = excluded.kind, started_at = excluded.started_at, due_at = excluded.due_at,
              state = excluded.state, settled_at = NULL, late = 0
            WHERE timers.state <> 'pending'
            """,
            ("$lead", timer.LeadId), ("$sla", timer.Sla), ("$kind", timer.Kind), ("$started", At(timer.StartedAt)), ("$due", At(timer.DueAt)), ("$state", timer.State));
            return raw.sqlite3_changes(connection.Handle) == 1;
        }

        public IReadOnlyList<StoredTimer> Timers(string leadId) => Timers(Query, leadId);

        public void SettleTimer(string leadId, string sla, string state, DateTimeOffset at, bool late) => Execute(
            "UPDATE timers SET state = $state, settled_at = $at, late = $late WHERE lead_id = $lead AND sla = $sla AND state = 'pending'",
            ("$state", state), ("$at", At(at)), ("$late", late ? 1 : 0), ("$lead", leadId), ("$sla", sla));

        public (string LeadId, string? Queue, string? Member, DateTimeOffset At)? FindDuplicateKey(string key) => _duplicateKeys.FindOne(key, Query);

        public void SaveDuplicateKey(string key, string leadId, string? queue, string? member, DateTimeOffset at) =>
            _duplicateKeys.SaveOne(key, leadId, queue, member, at, Execute);

        public void SaveDuplicateKey(byte[] digest, string leadId, string? queue, string? member, DateTimeOffset at) =>
            _duplicateKeys.SaveDigest(digest, leadId, queue, member, at, Execute);

        public (string LeadId, string? Queue, string? Member, DateTimeOffset At)?[] FindDuplicateKeys(IReadOnlyList<string> keys) => _duplicateKeys.Find(keys, Query);

        public void SaveDuplicateKeys(IReadOnlyList<string> keys, string leadId, string? queue, string? member, DateTimeOffset at) =>
            _duplicateKeys.Save(keys, leadId, queue, member, at, Execute);

        public void DeadLetter(string source, string position, string raw, string reason, DateTimeOffset at) => Execute(
            "INSERT INTO dead_letters (source, position, raw, reason, at) VALUES ($source, $position, $raw, $reason, $at)",
            ("$source", source), ("$position", position), ("$raw", raw), ("$reason", reason), ("$at", At(at)));

        // In a transaction the row waits with the others queued in it, and goes in with them by one
        // statement (a lead's hand-off queues an alert or two, and each was a statement of its own);
        // outside one it goes in at once.
        public void Enqueue(string channel, string target, string body, string? leadId, DateTimeOffset at)
        {
            var when = At(at);
            if (_outbox.Add(channel, target, body, Db(leadId), when, when) || _transaction is null)
            {
                FlushOutbox();
            }
        }

        // Outbox rows queued and not inserted yet go in now: before this transaction reads the outbox, and before it commits.
        private void FlushOutbox() => Insert(_outbox);

        public string? LastHubSpotWrite(string contactId, string field)
        {
            FlushOutbox();
            return Scalar(LastHubSpotWriteSql, ("$target", contactId), ("$path", "$." + field)) as string;
        }

        public JsonObject? LastPropertyChange(string leadId, string propertyName)
        {
            FlushEvents();
            using var reader = Command(LastPropertyChangeSql, ("$lead", leadId), ("$property", propertyName)).ExecuteReader();
            return reader.Read() ? ReadEvent(reader).Data : null;
        }

        // A scratch store's writer, which builds the indexes its store deferred (see ScratchIndexes) when it is done.
        public bool BuildsDeferredIndexes { get; init; }

        public void Dispose()
        {
            try
            {
                Rollback();

                // Also when the run stopped: a --db kept is left as far as it got, and read as any
                // store, with the trace steps held back and the indexes deferred.
                if (_traceSteps.HoldsAny)
                {
                    WriteHeldTraceSteps();
                }

                _writes.Dispose();
                foreach (var command in _commands.Values)
                {
                    command.Dispose();
                }

                if (BuildsDeferredIndexes)
                {
                    ScratchIndexes.Build(connection);
                }
            }
            finally
            {
                connection.Dispose();
            }
        }

        // A statement whose rows are read, in the writer's transaction (for the books shared by both stores).
        private DbDataReader Query(string sql, (string Name, object Value)[] parameters) => Command(sql, parameters).ExecuteReader();

        private object? Scalar(string sql, params (string Name, object Value)[] parameters) => Command(sql, parameters).ExecuteScalar() is var v && v is DBNull ? null : v;

        private void Execute(string sql, params (string Name, object Value)[] parameters)
        {
            if (_writes.TryExecute(sql, parameters))
            {
                statements.Value++;
                return;
            }

            Command(sql, parameters).ExecuteNonQuery();
        }

        private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
        {
            // Every read of the writer's goes through here: one of the leads table finds the rows saved before it.
            _leadRows?.FlushBefore(sql);

            var command = Prepared(_commands, connection, sql, parameters);
            command.Transaction = _transaction;
            statements.Value++;
            return command;
        }

        public void SaveHold(StoredHold hold) => Execute("""
            INSERT INTO holds (lead_id, queue, held_at, hold_until, state, excluded_member, ended_at)
            VALUES ($lead, $queue, $held, $until, $state, $excluded, $ended)
            ON CONFLICT (lead_id) DO UPDATE SET queue = excluded.queue, held_at = excluded.held_at, hold_until = excluded.hold_until,
              state = excluded.state, excluded_member = excluded.excluded_member, ended_at = excluded.ended_at
            """,
            ("$lead", hold.LeadId), ("$queue", hold.Queue), ("$held", At(hold.HeldAt)), ("$until", At(hold.Until)), ("$state", hold.State),
            ("$excluded", Db(hold.ExcludedMember)), ("$ended", hold.EndedAt is { } ended ? (object)At(ended) : DBNull.Value));

        public IReadOnlyList<StoredHold> OpenHolds(string queue, StoredHold? after, int limit) => ReadHolds(Command(OpenHoldsSql,
            ("$queue", queue), ("$held", after is null ? long.MinValue : At(after.HeldAt)), ("$lead", after?.LeadId ?? ""), ("$limit", limit)));

        public IReadOnlyList<StoredHold> HoldsRunningOut(DateTimeOffset at, int limit) => ReadHolds(Command(HoldsRunningOutSql, ("$at", At(at)), ("$limit", limit)));

        public void ReleaseHold(string leadId, DateTimeOffset at) => Execute(
            "UPDATE holds SET state = 'released', ended_at = $at WHERE lead_id = $lead AND state IN ('held', 'expired')", ("$at", At(at)), ("$lead", leadId));

        public void MoveHold(string leadId, string queue) => Execute(
            "UPDATE holds SET queue = $queue WHERE lead_id = $lead AND state IN ('held', 'expired')", ("$queue", queue), ("$lead", leadId));

        public IReadOnlyList<(StoredLead Lead, string? PreviousOwner)> UnheldLeads(int limit)
        {
            FlushEvents();
            var leads = new List<(StoredLead, string?)>();
            using var reader = Command(UnheldLeadsSql, ("$limit", limit)).ExecuteReader();
            while (reader.Read())
            {
                leads.Add((ReadLead(reader, asStored: true), Text(reader, LeadColumnCount)));
            }

            return leads;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PlaybookVersion>> GetPlaybooksAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, content_hash FROM playbooks WHERE first_started_at IS NOT NULL ORDER BY first_started_at, version, content_hash";
        return await ReadAllAsync(command, ReadPlaybook, cancellation);
    }

    /// <inheritdoc />
    public Task RecordPlaybookAsync(PlaybookVersion playbook, DateTimeOffset at, CancellationToken cancellation) =>
        ExecuteAsync("""
            INSERT INTO playbooks (version, content_hash, first_started_at, last_started_at) VALUES ($version, $hash, $at, $at)
            ON CONFLICT (version, content_hash) DO UPDATE SET last_started_at = excluded.last_started_at,
              first_started_at = COALESCE(playbooks.first_started_at, excluded.first_started_at)
            """, cancellation, ("$version", playbook.Version), ("$hash", playbook.ContentHash), ("$at", At(at)));

    /// <inheritdoc />
    /// <remarks>Always: the store lock lets no other host open this database.</remarks>
    public bool SoleWriter => true;

    /// <inheritdoc />
    /// <remarks>Granted at once: the store lock lets no other host open this database at all.</remarks>
    public Task<InputClaim?> TryClaimInputAsync(string input, CancellationToken cancellation) => Task.FromResult<InputClaim?>(InputClaim.Exclusive);

    /// <inheritdoc />
    public async Task<bool> HasHeldLeadsAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        // An open hold, or a routed lead still in the handoff, in a queue, that nobody owns (held or not yet).
        command.CommandText = """
            SELECT EXISTS (SELECT 1 FROM holds WHERE state IN ('held', 'expired'))
                OR EXISTS (SELECT 1 FROM leads WHERE outcome = 'routed' AND queue IS NOT NULL AND member IS NULL AND nurture_track IS NULL)
            """;
        return await command.ExecuteScalarAsync(cancellation) is long found && found == 1;
    }
}
