using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using Npgsql;

using static HandoffRules.Host.Store.StoredRows;

namespace HandoffRules.Host.Store;

/// <summary>
/// The store in PostgreSQL, for several hosts on one database. Nothing here is exclusive to one
/// host; what keeps them apart is in the database:
/// <list type="bullet">
/// <item>every writer transaction begins by locking the one distribution row (<c>FOR UPDATE</c>), so
/// hosts take turns at deciding, each reading what the last decision left — inputs already taken
/// in, duplicate keys, the distribution state — and no two hosts give the same slot or pass a cap;</item>
/// <item>inputs are claimed once by their idempotency key, checked and recorded within that turn;</item>
/// <item>due SLA timers and alerts are leased to one host with <c>FOR UPDATE SKIP LOCKED</c> for
/// <see cref="Lease"/>; a dead host's leases run out and another host takes the work over.</item>
/// </list>
/// </summary>
public sealed class PostgresHandoffStore : IHandoffStore, IDisposable
{
    private static readonly SchemaMigrator Migrator = new("Postgres");

    // A fixed key for the advisory lock that makes hosts starting at once upgrade one after another.
    private const long MigrationLock = 0x48616E646F6666; // "Handoff"

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _durableCommits;
    private readonly PlaybookVersion? _playbook;
    private readonly TimeProvider _time;

    /// <summary>Opens the store; <see cref="InitializeAsync"/> creates or upgrades its schema.</summary>
    /// <param name="connection">A postgres:// URL or an Npgsql connection string.</param>
    /// <param name="durableCommits">Wait for every commit to reach disk (synchronous_commit on); off, a crash of the server may lose the last commits.</param>
    /// <param name="lease">How long a host holds a due timer or an alert it took before another host may take it.</param>
    /// <param name="time">The wall clock leases are judged by.</param>
    /// <param name="playbook">The playbook whose version the writers stamp on every event; none for tools that only read or copy.</param>
    public PostgresHandoffStore(string connection, bool durableCommits = true, TimeSpan? lease = null, TimeProvider? time = null, PlaybookVersion? playbook = null)
    {
        _playbook = playbook;
        Database = PostgresConnection.Describe(connection);
        _dataSource = NpgsqlDataSource.Create(PostgresConnection.Normalize(connection));
        _durableCommits = durableCommits;
        _time = time ?? TimeProvider.System;
        Lease = lease ?? TimeSpan.FromMinutes(1);
        HostId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>The database as logs and messages name it (no password).</summary>
    public string Database { get; }

    /// <summary>This host as its leases name it: machine, process and a random suffix.</summary>
    public string HostId { get; }

    /// <summary>How long a lease on a timer or an alert lasts.</summary>
    public TimeSpan Lease { get; }

    /// <summary>The newest schema this host knows.</summary>
    public static int SchemaVersion => Migrator.Newest;

    /// <inheritdoc />
    /// <exception cref="StoreSchemaException">The database's schema is newer than this host knows.</exception>
    public async Task InitializeAsync(CancellationToken cancellation)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellation);
        await Migrator.UpgradeAsync(connection, Database, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellation);
    }

    /// <inheritdoc />
    public async Task<string?> CheckAsync(CancellationToken cancellation)
    {
        try
        {
            // Asked by every readiness probe, which then counts the alerts waiting: the least that shows
            // the store answers, not a question whose cost grows with the history.
            await ExecuteAsync("SELECT 1 FROM meta LIMIT 1", cancellation);
            return null;
        }
        catch (NpgsqlException e)
        {
            return $"the database {Database} does not answer: {e.Message}";
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PlaybookVersion>> GetPlaybooksAsync(CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand("SELECT version, content_hash FROM playbooks WHERE first_started_at IS NOT NULL ORDER BY first_started_at, version COLLATE \"C\", content_hash COLLATE \"C\"");
        return await ReadAllAsync(command, ReadPlaybook, cancellation);
    }

    /// <inheritdoc />
    public Task RecordPlaybookAsync(PlaybookVersion playbook, DateTimeOffset at, CancellationToken cancellation) =>
        ExecuteAsync("""
            INSERT INTO playbooks (version, content_hash, first_started_at, last_started_at) VALUES (@version, @hash, @at, @at)
            ON CONFLICT (version, content_hash) DO UPDATE SET last_started_at = excluded.last_started_at,
              first_started_at = COALESCE(playbooks.first_started_at, excluded.first_started_at)
            """, cancellation, ("version", playbook.Version), ("hash", playbook.ContentHash), ("at", At(at)));

    /// <inheritdoc />
    /// <remarks>
    /// A session-level advisory lock (<c>pg_try_advisory_lock</c>) on a key hashed from the input,
    /// held on a connection of its own for as long as the claim lasts; PostgreSQL releases it when
    /// that connection ends, so a killed host's input is free for another host at once.
    /// </remarks>
    public async Task<InputClaim?> TryClaimInputAsync(string input, CancellationToken cancellation)
    {
        var key = InputClaim.AdvisoryKey(input);
        var connection = await _dataSource.OpenConnectionAsync(cancellation);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(cancellation) is true)
            {
                return new InputClaim(() => ReleaseAsync(connection, key));
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private static async ValueTask ReleaseAsync(NpgsqlConnection connection, long key)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteScalarAsync();
        }
        catch (NpgsqlException)
        {
            // The connection is gone already, and the lock with it.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose() => _dataSource.Dispose();

    /// <inheritdoc />
    public IHandoffWriter OpenWriter()
    {
        var connection = _dataSource.OpenConnection();
        if (!_durableCommits)
        {
            using var command = new NpgsqlCommand("SET synchronous_commit = off", connection);
            command.ExecuteNonQuery();
        }

        return new Writer(connection, _playbook);
    }

    /// <inheritdoc />
    public async Task<StoredLead?> GetLeadAsync(string leadId, CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand(Writer.SelectLead);
        command.Parameters.AddWithValue("lead", leadId);
        StoredLead lead;
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            if (!await reader.ReadAsync(cancellation))
            {
                return null;
            }

            lead = ReadLead(reader);
        }

        return await WithFullTraceAsync(lead, cancellation);
    }

    // A compact trace reads back as the JSON the processor wrote (see CompactTrace).
    private async Task<StoredLead> WithFullTraceAsync(StoredLead lead, CancellationToken cancellation)
    {
        if (!CompactTrace.IsCompact(lead.Trace))
        {
            return lead;
        }

        var (ids, inline) = CompactTrace.Read(lead.LeadId, lead.Trace!);
        await using var command = _dataSource.CreateCommand("SELECT id, step FROM trace_steps WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", CompactTrace.StoredIds(ids, inline));
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
        await using var command = _dataSource.CreateCommand(Writer.SelectTimers + " WHERE lead_id = @lead ORDER BY due_at, sla");
        command.Parameters.AddWithValue("lead", leadId);
        return await ReadAllAsync(command, ReadTimer, cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HandoffEvent>> GetEventsAsync(string? leadId, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand();
        var where = new List<string>();
        if (leadId is not null)
        {
            where.Add("lead_id = @lead");
            command.Parameters.AddWithValue("lead", leadId);
        }

        if (since is not null)
        {
            where.Add("at >= @from");
            command.Parameters.AddWithValue("from", At(since.Value));
        }

        if (until is not null)
        {
            where.Add("at < @to");
            command.Parameters.AddWithValue("to", At(until.Value));
        }

        command.CommandText = $"SELECT {EventColumns} FROM events" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY seq";
        return await ReadAllAsync(command, ReadEvent, cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(string Queue, string? Member, string? Status, int Leads)>> GetOpenLoadAsync(CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT queue, member, status, COUNT(*)::int FROM leads WHERE outcome = 'routed' AND nurture_track IS NULL AND queue IS NOT NULL
            GROUP BY queue, member, status ORDER BY queue COLLATE "C", member COLLATE "C" NULLS FIRST, status COLLATE "C" NULLS FIRST
            """);
        return await ReadAllAsync(command, r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3)), cancellation);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The timers returned are leased to this host: other hosts skip them until the lease runs out,
    /// so each breach is queued by one host. Asking again renews this host's own leases.
    /// </remarks>
    public async Task<IReadOnlyList<StoredTimer>> GetDueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellation)
    {
        var wall = _time.GetUtcNow();
        await using var command = _dataSource.CreateCommand("""
            UPDATE timers SET leased_by = @me, leased_until = @until
            WHERE (lead_id, sla) IN (
              SELECT lead_id, sla FROM timers
              WHERE state = 'pending' AND due_at <= @now AND (leased_until IS NULL OR leased_until < @wall OR leased_by = @me)
              ORDER BY due_at LIMIT @limit
              FOR UPDATE SKIP LOCKED)
            RETURNING lead_id, sla, kind, started_at, due_at, state, settled_at, late
            """);
        command.Parameters.AddWithValue("me", HostId);
        command.Parameters.AddWithValue("until", At(wall + Lease));
        command.Parameters.AddWithValue("now", At(now));
        command.Parameters.AddWithValue("wall", At(wall));
        command.Parameters.AddWithValue("limit", limit);
        var timers = await ReadAllAsync(command, ReadTimer, cancellation);
        return [.. timers.OrderBy(t => t.DueAt).ThenBy(t => t.LeadId, StringComparer.Ordinal).ThenBy(t => t.Sla, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    /// <remarks>
    /// The alerts returned are leased to this host, so one host delivers each. A target (channel and
    /// address) whose alerts another host holds is left to that host, so a target's alerts still go
    /// in order. Asking again renews this host's own leases.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxItem>> GetDueOutboxAsync(DateTimeOffset now, int limit, CancellationToken cancellation)
    {
        // Each target's first ten due alerts, read from the index of the waiting ones: the targets one
        // index step after another (PostgreSQL has no skip scan of its own), then each target's alerts in
        // id order. A window over every alert waiting gave the same ones but sorted all of them, on
        // every host once a second (schema version 13 has the figures).
        await using var command = _dataSource.CreateCommand("""
            WITH RECURSIVE waiting (channel, target) AS (
                (SELECT channel, target FROM outbox WHERE delivered_at IS NULL ORDER BY channel, target LIMIT 1)
              UNION ALL
                SELECT next.channel, next.target FROM waiting w CROSS JOIN LATERAL (
                  SELECT channel, target FROM outbox
                  WHERE delivered_at IS NULL AND (channel, target) > (w.channel, w.target)
                  ORDER BY channel, target LIMIT 1) next
            ),
            turns AS (
              SELECT turn.id FROM waiting w CROSS JOIN LATERAL (
                SELECT o.id FROM outbox o
                WHERE o.channel = w.channel AND o.target = w.target AND o.delivered_at IS NULL AND o.next_attempt_at <= @now
                  AND (o.leased_until IS NULL OR o.leased_until < @now OR o.leased_by = @me)
                ORDER BY o.id LIMIT 10) turn
              WHERE NOT EXISTS (SELECT 1 FROM outbox b
                                WHERE b.channel = w.channel AND b.target = w.target AND b.delivered_at IS NULL
                                  AND b.leased_by IS NOT NULL AND b.leased_by <> @me AND b.leased_until >= @now)
            )
            UPDATE outbox SET leased_by = @me, leased_until = @until
            WHERE id IN (
              SELECT id FROM outbox
              WHERE id IN (SELECT id FROM turns)
                AND delivered_at IS NULL AND (leased_until IS NULL OR leased_until < @now OR leased_by = @me)
              ORDER BY id LIMIT @limit
              FOR UPDATE SKIP LOCKED)
            RETURNING id, channel, target, body, lead_id, attempts
            """);
        command.Parameters.AddWithValue("me", HostId);
        command.Parameters.AddWithValue("until", At(now + Lease));
        command.Parameters.AddWithValue("now", At(now));
        command.Parameters.AddWithValue("limit", limit);
        var items = await ReadAllAsync(command, r => new OutboxItem(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5)), cancellation);
        return [.. items.OrderBy(i => i.Id)];
    }

    /// <inheritdoc />
    public Task MarkDeliveredAsync(long id, DateTimeOffset at, CancellationToken cancellation) =>
        ExecuteAsync("UPDATE outbox SET delivered_at = @at, attempts = attempts + 1, last_error = NULL, leased_by = NULL, leased_until = NULL WHERE id = @id",
            cancellation, ("at", At(at)), ("id", id));

    /// <inheritdoc />
    public Task MarkAttemptFailedAsync(long id, DateTimeOffset nextAttempt, string problem, CancellationToken cancellation) =>
        ExecuteAsync("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error, leased_by = NULL, leased_until = NULL WHERE id = @id",
            cancellation, ("next", At(nextAttempt)), ("error", problem), ("id", id));

    /// <inheritdoc />
    public Task GiveUpOutboxAsync(long id, DateTimeOffset at, string problem, CancellationToken cancellation) =>
        ExecuteAsync("UPDATE outbox SET delivered_at = @at, attempts = attempts + 1, last_error = @error, leased_by = NULL, leased_until = NULL WHERE id = @id",
            cancellation, ("at", At(at)), ("error", GivenUp + problem), ("id", id));

    /// <inheritdoc />
    public async Task<IReadOnlyList<(OutboxItem Item, string Problem)>> GetGivenUpOutboxAsync(CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand("SELECT id, channel, target, body, lead_id, attempts, last_error FROM outbox WHERE delivered_at IS NOT NULL AND last_error LIKE 'given up: %' ORDER BY id");
        return await ReadAllAsync(command, r => (new OutboxItem(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5)), r.GetString(6)[GivenUp.Length..]), cancellation);
    }

    // A delivered row keeps no error; a given-up one is "delivered" (out of the backlog) with this mark, as in the SQLite store.
    private const string GivenUp = "given up: ";

    /// <inheritdoc />
    public Task RecordRejectedRequestAsync(string path, string reason, string? remote, byte[] body, DateTimeOffset at, CancellationToken cancellation) =>
        ExecuteAsync("INSERT INTO rejected_requests (at, path, reason, remote, body_bytes, body_sha256) VALUES (@at, @path, @reason, @remote, @bytes, @sha)", cancellation,
            ("at", At(at)), ("path", path), ("reason", reason), ("remote", (object?)remote ?? DBNull.Value), ("bytes", body.Length), ("sha", Convert.ToHexStringLower(SHA256.HashData(body))));

    /// <inheritdoc />
    public async Task<bool> WasProcessedAsync(string source, string sourceId, CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand("SELECT 1 FROM inputs WHERE source = @source AND source_id = @id");
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", sourceId);
        return await command.ExecuteScalarAsync(cancellation) is not null;
    }

    /// <inheritdoc />
    public async Task<InputCursor?> GetCursorAsync(string input, CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand(Writer.SelectCursor);
        command.Parameters.AddWithValue("input", input);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? ReadCursor(input, reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand("SELECT id, source, position, raw, reason, at FROM dead_letters ORDER BY id");
        return await ReadAllAsync(command, r => new DeadLetter(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), At(r, 5)), cancellation);
    }

    /// <inheritdoc />
    public async Task<StoreCounts> CountAsync(CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT
              (SELECT COUNT(*)::int FROM inputs WHERE outcome = 'routed'),
              (SELECT COUNT(*)::int FROM inputs WHERE outcome = 'disqualified'),
              (SELECT COUNT(*)::int FROM inputs WHERE outcome = 'duplicate'),
              (SELECT COUNT(*)::int FROM dead_letters),
              (SELECT COUNT(*)::int FROM inputs WHERE outcome = 'applied'),
              (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'redeliveries'),
              (SELECT COUNT(*)::int FROM rejected_requests),
              (SELECT COUNT(*)::int FROM outbox WHERE delivered_at IS NULL),
              (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'rotations'),
              (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'blank_lines')
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return new StoreCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9));
    }

    /// <inheritdoc />
    public async Task<int> CountOutboxPendingAsync(CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand("SELECT COUNT(*)::int FROM outbox WHERE delivered_at IS NULL");
        return (int)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <inheritdoc />
    public async Task<bool> HasHeldLeadsAsync(CancellationToken cancellation)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM holds WHERE state IN ('held', 'expired'))
                OR EXISTS (SELECT 1 FROM leads WHERE outcome = 'routed' AND queue IS NOT NULL AND member IS NULL AND nurture_track IS NULL)
            """);
        return await command.ExecuteScalarAsync(cancellation) is true;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellation, params (string Name, object Value)[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<DbDataReader, T> read, CancellationToken cancellation)
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
    /// The value at a path (its steps as text[]) in the newest write-back queued to a HubSpot contact
    /// that sets it: read by the contact's write-backs alone, newest first (schema version 17).
    /// </summary>
    internal const string LastHubSpotWriteSql =
        "SELECT body::jsonb #>> @path FROM outbox WHERE channel = 'hubspot' AND target = @target AND (body::jsonb #>> @path) IS NOT NULL ORDER BY id DESC LIMIT 1";

    /// <summary>The writer: one connection, one transaction at a time, each a turn among all hosts.</summary>
    private sealed class Writer(NpgsqlConnection connection, PlaybookVersion? playbook) : IHandoffWriter
    {
        public static readonly string SelectLead = $"SELECT {LeadColumns("leads")} FROM leads WHERE lead_id = @lead";

        // The writer's own reads take the lead as stored, without its intake event's input.
        private static readonly string SelectLeadAsStored = $"SELECT {LeadColumns("leads", asStored: true)} FROM leads WHERE lead_id = @lead";
        public const string SelectTimers = "SELECT lead_id, sla, kind, started_at, due_at, state, settled_at, late FROM timers";
        public const string SelectCursor = "SELECT position, line, identity, generation FROM cursors WHERE input = @input";

        private readonly StatementTexts<NpgsqlCommand> _commands = new();

        // Statements run for their effect inside a transaction wait here, in order, and go to the
        // server together in one round trip before the next statement that reads and before the
        // commit: on PostgreSQL a lead's cost is its round trips, and half its statements only write.
        private readonly List<NpgsqlBatchCommand> _deferred = [];
        private readonly DuplicateKeyStatements _duplicateKeys = new("@", "");
        private readonly TraceStepBook _traceSteps = new("@", "");
        private readonly IntakeBook _intake = new();
        private readonly EventFactsBook _facts = new();

        // The books' look-ups on a miss, made into delegates once rather than on every event.
        private Func<string, long>? _findFacts;
        private Func<PlaybookVersion, long>? _findPlaybook;
        private readonly PendingRows _events = new("events", AppendedEventColumns, "@", "");
        private NpgsqlTransaction? _transaction;

        public void Begin()
        {
            _transaction = connection.BeginTransaction();

            // The turn: held until commit or rollback. Everything this transaction reads after it
            // (READ COMMITTED: each statement sees what committed before it) is what the last
            // writer of any host left. Taken here, not deferred with the writes: the turn is the transaction's first act.
            // It is waited for as long as another host's batch takes, not the driver's 30 s a
            // statement: three hosts replaying files on a slow machine held it longer, and the host
            // that timed out stopped. A host that dies gives the turn back with its connection.
            var turn = Command("SELECT 1 FROM distribution WHERE id = 1 FOR UPDATE");
            turn.CommandTimeout = 0;
            turn.ExecuteNonQuery();
        }

        public void Commit()
        {
            try
            {
                FlushEvents();
                FlushDeferred();
                _transaction!.Commit();
                _traceSteps.Committed();
                _intake.Committed();
                _facts.Committed();
            }
            finally
            {
                End();
            }
        }

        public void Rollback()
        {
            try
            {
                // A broken connection cannot roll back; its transaction ended with it.
                if (_transaction is not null && connection.State == System.Data.ConnectionState.Open)
                {
                    _transaction.Rollback();
                }
            }
            finally
            {
                End();
            }
        }

        private void End()
        {
            _traceSteps.RolledBack();
            _intake.Ended();
            _facts.RolledBack();
            _events.Clear();
            _deferred.Clear();
            _transaction?.Dispose();
            _transaction = null;
        }

        public DistributionSnapshot? LoadDistribution() =>
            Scalar("SELECT snapshot FROM distribution WHERE id = 1") is string json ? JsonSerializer.Deserialize<DistributionSnapshot>(json) : null;

        public void SaveDistribution(DistributionSnapshot snapshot) =>
            Execute("INSERT INTO distribution (id, snapshot) VALUES (1, @s) ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot", ("s", JsonSerializer.Serialize(snapshot)));

        public InputCursor? LoadCursor(string input)
        {
            using var reader = Command(SelectCursor, ("input", input)).ExecuteReader();
            return reader.Read() ? ReadCursor(input, reader) : null;
        }

        public void SaveCursor(InputCursor cursor) => Execute("""
            INSERT INTO cursors (input, position, line, identity, generation) VALUES (@input, @position, @line, @identity, @generation)
            ON CONFLICT (input) DO UPDATE SET position = excluded.position, line = excluded.line, identity = excluded.identity, generation = excluded.generation
            """,
            ("input", cursor.Input), ("position", cursor.Position), ("line", cursor.Line), ("identity", Db(cursor.Identity)), ("generation", cursor.Generation));

        public string? InputOutcome(string source, string sourceId) =>
            Scalar("SELECT outcome FROM inputs WHERE source = @source AND source_id = @id", ("source", source), ("id", sourceId)) as string;

        public (string? Outcome, bool LeadKept) InputOutcomeAndLead(string source, string sourceId, string? leadId)
        {
            using var reader = Command("SELECT (SELECT outcome FROM inputs WHERE source = @source AND source_id = @id), EXISTS (SELECT 1 FROM leads WHERE lead_id = @lead)",
                ("source", source), ("id", sourceId), ("lead", Db(leadId))).ExecuteReader();
            reader.Read();
            return (Text(reader, 0), leadId is not null && reader.GetBoolean(1));
        }

        public void RecordInput(string source, string sourceId, string kind, string outcome, string? leadId, DateTimeOffset at) =>
            Execute("INSERT INTO inputs (source, source_id, kind, outcome, lead_id, received_at) VALUES (@source, @id, @kind, @outcome, @lead, @at)",
                ("source", source), ("id", sourceId), ("kind", kind), ("outcome", outcome), ("lead", Db(leadId)), ("at", At(at)));

        public void CountRedelivery() => Count("redeliveries");

        public void CountRotation() => Count("rotations");

        public void CountBlankLine() => Count("blank_lines");

        private void Count(string key) => Execute("UPDATE meta SET value = (CAST(value AS BIGINT) + 1)::text WHERE key = @key", ("key", key));

        public void Append(string leadId, string type, DateTimeOffset at, EventMembers data)
        {
            var (facts, text, input) = EventRow(data);
            var factsId = facts is null ? BigintNull : (object)_facts.Id(facts, _findFacts ??= FactsId);
            if (input is null)
            {
                if (_events.Add(leadId, type, At(at), text, PlaybookIdOrNull(), factsId))
                {
                    FlushEvents();
                }

                return;
            }

            AppendWithInput(leadId, type, at, text, input, factsId);
        }

        public void AppendIntake(string leadId, string type, DateTimeOffset at, string decision, string input) =>
            AppendWithInput(leadId, type, at, decision, input, BigintNull);

        private object PlaybookIdOrNull() => _intake.PlaybookId(playbook, _findPlaybook ??= PlaybookId) is long id ? id : BigintNull;

        private void AppendWithInput(string leadId, string type, DateTimeOffset at, string text, string input, object factsId)
        {
            // The events before it go in first, in order. Its position is not asked for: the lead's row
            // finds it on the server (SaveLeadSql), so the insert waits with the other writes.
            FlushEvents();
            Execute("INSERT INTO events (lead_id, type, at, data, input, playbook_id, facts_id) VALUES (@lead, @type, @at, @data, @input, @playbook, @facts)",
                ("lead", leadId), ("type", type), ("at", At(at)), ("data", text), ("input", input), ("playbook", PlaybookIdOrNull()), ("facts", factsId));
            if (ReferenceEquals(factsId, BigintNull))
            {
                _intake.Logged(leadId, true, text, input);
            }
        }

        // A set of facts' row, added the first time any host logs it: its id is what events keep. Another
        // host adding the same set at once waits on the unique index until its transaction ends, then
        // finds the row it committed (or adds it, if that transaction rolled back).
        private long FactsId(string facts)
        {
            // Mostly a set no writer logged yet; one another writer (or this one, before a restart) kept is read.
            return Scalar("INSERT INTO event_facts (facts) VALUES (@facts) ON CONFLICT (facts) DO NOTHING RETURNING id", ("facts", facts)) is long added
                ? added
                : (long)Scalar("SELECT id FROM event_facts WHERE facts = @facts", ("facts", facts))!;
        }

        // Events appended and not inserted yet go in now (see PendingRows): before the log is read in
        // this transaction, before an intake event, and before the commit.
        private void FlushEvents()
        {
            if (!_events.IsEmpty)
            {
                _events.Flush((sql, values) => Execute(sql, values));
            }
        }

        // The playbook's row, added when no host recorded it as started (a tool, a test): its id is what events keep.
        private long PlaybookId(PlaybookVersion version)
        {
            Execute("INSERT INTO playbooks (version, content_hash) VALUES (@version, @hash) ON CONFLICT (version, content_hash) DO NOTHING",
                ("version", version.Version), ("hash", version.ContentHash));
            return (long)Scalar("SELECT id FROM playbooks WHERE version = @version AND content_hash = @hash", ("version", version.Version), ("hash", version.ContentHash))!;
        }

        public IReadOnlyList<HandoffEvent> EventsWithoutLead(string type, long afterSeq)
        {
            FlushEvents();
            var events = new List<HandoffEvent>();
            using var reader = Command($"SELECT {EventColumns} FROM events WHERE lead_id = '' AND seq > @after AND type = @type ORDER BY seq",
                ("after", afterSeq), ("type", type)).ExecuteReader();
            while (reader.Read())
            {
                events.Add(ReadEvent(reader));
            }

            return events;
        }

        public StoredLead? FindLead(string leadId)
        {
            using var reader = Command(SelectLeadAsStored, ("lead", leadId)).ExecuteReader();
            return reader.Read() ? ReadLead(reader, asStored: true) : null;
        }

        public Lead? NormalisedLead(string leadId)
        {
            using var reader = Command(SelectLead, ("lead", leadId)).ExecuteReader();
            return reader.Read() ? ReadNormalisedLead(reader) : null;
        }

        public void SaveLead(StoredLead lead)
        {
            var (decision, stored, intake) = _intake.Row(lead);
            Execute(SaveLeadSql,
                ("lead", lead.LeadId), ("outcome", lead.Outcome), ("status", Db(lead.Status)), ("stage", Db(lead.Stage)), ("queue", Db(lead.Queue)),
                ("member", Db(lead.Member)), ("source", Db(lead.Source)), ("segment", Db(lead.Segment)), ("territory", Db(lead.Territory)),
                ("arrived", At(lead.ArrivedAt)), ("track", Db(lead.NurtureTrack)), ("json", stored), ("decision", decision),
                ("intake", intake is true), ("updated", At(lead.UpdatedAt)));
            if (_traceSteps.ToWrite(lead, null, Query, StoredStep) is { } trace)
            {
                Execute(_traceSteps.SaveTraceSql, ("lead", lead.LeadId), ("trace", trace));
            }
        }

        // The nullable columns here that are not text (playbook_id, facts_id) are bound as this typed null.
        private static readonly object BigintNull = new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint, Value = DBNull.Value };

        // A row whose intake event was logged in this transaction names it as the lead's newest intake
        // event, found on the server: the event's insert does not wait for its position to come back.
        private static readonly string SaveLeadSql = $"""
            INSERT INTO leads (lead_id, outcome, status, stage, queue, member, source, segment, territory, arrived_at, nurture_track, lead, decision, intake_seq, updated_at)
            VALUES (@lead, @outcome, @status, @stage, @queue, @member, @source, @segment, @territory, @arrived, @track, @json, @decision,
              (SELECT MAX(e.seq) FROM events e WHERE @intake AND e.lead_id = @lead AND e.input IS NOT NULL), @updated)
            ON CONFLICT (lead_id) DO UPDATE SET outcome = excluded.outcome, status = excluded.status, stage = excluded.stage, queue = excluded.queue,
              member = excluded.member, nurture_track = excluded.nurture_track, {DecisionUpdate("leads")}, updated_at = excluded.updated_at
            """;

        private string? StoredStep(long id) => Scalar("SELECT step FROM trace_steps WHERE id = @id", ("id", id)) as string;

        public bool StartTimer(StoredTimer timer) => Command(StartTimerSql, TimerValues(timer)).ExecuteNonQuery() == 1;

        // Sent with the transaction's other writes: nothing waits on an answer.
        public void StartTimerOfNewLead(StoredTimer timer) => Execute(StartTimerSql, TimerValues(timer));

        private const string StartTimerSql = """
            INSERT INTO timers (lead_id, sla, kind, started_at, due_at, state, late) VALUES (@lead, @sla, @kind, @started, @due, @state, 0)
            ON CONFLICT (lead_id, sla) DO UPDATE SET kind = excluded.kind, started_at = excluded.started_at, due_at = excluded.due_at,
              state = excluded.state, settled_at = NULL, late = 0, leased_by = NULL, leased_until = NULL
            WHERE timers.state <> 'pending'
            """;

        private static (string Name, object Value)[] TimerValues(StoredTimer timer) =>
            [("lead", timer.LeadId), ("sla", timer.Sla), ("kind", timer.Kind), ("started", At(timer.StartedAt)), ("due", At(timer.DueAt)), ("state", timer.State)];

        public IReadOnlyList<StoredTimer> Timers(string leadId)
        {
            var timers = new List<StoredTimer>();
            using var reader = Command(SelectTimers + " WHERE lead_id = @lead ORDER BY due_at, sla", ("lead", leadId)).ExecuteReader();
            while (reader.Read())
            {
                timers.Add(ReadTimer(reader));
            }

            return timers;
        }

        public void SettleTimer(string leadId, string sla, string state, DateTimeOffset at, bool late) => Execute(
            "UPDATE timers SET state = @state, settled_at = @at, late = @late, leased_by = NULL, leased_until = NULL WHERE lead_id = @lead AND sla = @sla AND state = 'pending'",
            ("state", state), ("at", At(at)), ("late", late ? 1 : 0), ("lead", leadId), ("sla", sla));

        public (string LeadId, string? Queue, string? Member, DateTimeOffset At)? FindDuplicateKey(string key) => _duplicateKeys.FindOne(key, Query);

        public void SaveDuplicateKey(string key, string leadId, string? queue, string? member, DateTimeOffset at) =>
            _duplicateKeys.SaveOne(key, leadId, queue, member, at, Execute);

        public (string LeadId, string? Queue, string? Member, DateTimeOffset At)?[] FindDuplicateKeys(IReadOnlyList<string> keys) => _duplicateKeys.Find(keys, Query);

        public void SaveDuplicateKeys(IReadOnlyList<string> keys, string leadId, string? queue, string? member, DateTimeOffset at) =>
            _duplicateKeys.Save(keys, leadId, queue, member, at, Execute);

        public void DeadLetter(string source, string position, string raw, string reason, DateTimeOffset at) => Execute(
            "INSERT INTO dead_letters (source, position, raw, reason, at) VALUES (@source, @position, @raw, @reason, @at)",
            ("source", source), ("position", position), ("raw", raw), ("reason", reason), ("at", At(at)));

        public void Enqueue(string channel, string target, string body, string? leadId, DateTimeOffset at) => Execute(
            "INSERT INTO outbox (channel, target, body, lead_id, created_at, next_attempt_at) VALUES (@channel, @target, @body, @lead, @at, @at)",
            ("channel", channel), ("target", target), ("body", body), ("lead", Db(leadId)), ("at", At(at)));

        public void SaveHold(StoredHold hold) => Execute("""
            INSERT INTO holds (lead_id, queue, held_at, hold_until, state, excluded_member, ended_at)
            VALUES (@lead, @queue, @held, @until, @state, @excluded, @ended)
            ON CONFLICT (lead_id) DO UPDATE SET queue = excluded.queue, held_at = excluded.held_at, hold_until = excluded.hold_until,
              state = excluded.state, excluded_member = excluded.excluded_member, ended_at = excluded.ended_at
            """,
            ("lead", hold.LeadId), ("queue", hold.Queue), ("held", At(hold.HeldAt)), ("until", At(hold.Until)), ("state", hold.State),
            ("excluded", Db(hold.ExcludedMember)), ("ended", hold.EndedAt is { } ended ? At(ended) : BigintNull));

        public IReadOnlyList<StoredHold> OpenHolds(string queue, StoredHold? after, int limit) => ReadHolds(Command(
            """
            SELECT lead_id, queue, held_at, hold_until, state, excluded_member, ended_at FROM holds
            WHERE queue = @queue AND state IN ('held', 'expired') AND (held_at, lead_id COLLATE "C") > (@held, @lead COLLATE "C")
            ORDER BY held_at, lead_id COLLATE "C" LIMIT @limit
            """,
            ("queue", queue), ("held", after is null ? long.MinValue : At(after.HeldAt)), ("lead", after?.LeadId ?? ""), ("limit", limit)));

        public IReadOnlyList<StoredHold> HoldsRunningOut(DateTimeOffset at, int limit) => ReadHolds(Command(
            """SELECT lead_id, queue, held_at, hold_until, state, excluded_member, ended_at FROM holds WHERE state = 'held' AND hold_until <= @at ORDER BY hold_until, lead_id COLLATE "C" LIMIT @limit""",
            ("at", At(at)), ("limit", limit)));

        public void ReleaseHold(string leadId, DateTimeOffset at) => Execute(
            "UPDATE holds SET state = 'released', ended_at = @at WHERE lead_id = @lead AND state IN ('held', 'expired')", ("at", At(at)), ("lead", leadId));

        public void MoveHold(string leadId, string queue) => Execute(
            "UPDATE holds SET queue = @queue WHERE lead_id = @lead AND state IN ('held', 'expired')", ("queue", queue), ("lead", leadId));

        public IReadOnlyList<(StoredLead Lead, string? PreviousOwner)> UnheldLeads(int limit)
        {
            FlushEvents();
            // The owner a lead was taken from is on the last reassignment or escalation that moved it.
            var leads = new List<(StoredLead, string?)>();
            using var reader = Command($"""
                SELECT {LeadColumns("l", asStored: true)},
                       (SELECT e.data::json ->> 'from_member' FROM events e
                         WHERE e.lead_id = l.lead_id AND e.type IN ('lead.reassigned', 'lead.escalated') ORDER BY e.seq DESC LIMIT 1)
                FROM leads l LEFT JOIN holds h ON h.lead_id = l.lead_id
                WHERE l.outcome = 'routed' AND l.queue IS NOT NULL AND l.member IS NULL AND l.nurture_track IS NULL
                  AND (h.lead_id IS NULL OR h.state NOT IN ('held', 'expired'))
                ORDER BY l.updated_at, l.lead_id COLLATE "C" LIMIT @limit
                """, ("limit", limit)).ExecuteReader();
            while (reader.Read())
            {
                leads.Add((ReadLead(reader, asStored: true), Text(reader, LeadColumnCount)));
            }

            return leads;
        }

        public void Dispose()
        {
            Rollback();
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }

        // The field is a path, its steps separated by dots ("properties.hs_lead_status"), read step
        // by step as the SQLite store's JSON path reads it: a status or reason is nested in the body.
        public string? LastHubSpotWrite(string contactId, string field) =>
            Scalar(LastHubSpotWriteSql, ("target", contactId), ("path", field.Split('.'))) as string;

        public JsonObject? LastPropertyChange(string leadId, string propertyName)
        {
            FlushEvents();
            // A property change carries no lead facts, so its stored data holds the property it names.
            using var reader = Command($"SELECT {EventColumns} FROM events WHERE lead_id = @lead AND type = 'lead.property_changed' AND (data::jsonb ->> 'property') = @property ORDER BY seq DESC LIMIT 1",
                ("lead", leadId), ("property", propertyName)).ExecuteReader();
            return reader.Read() ? ReadEvent(reader).Data : null;
        }

        // A statement whose rows are read, in the writer's transaction (for the books shared by both stores).
        private DbDataReader Query(string sql, (string Name, object Value)[] parameters) => Command(sql, parameters).ExecuteReader();

        private object? Scalar(string sql, params (string Name, object Value)[] parameters) => Command(sql, parameters).ExecuteScalar() is var v && v is DBNull ? null : v;

        // Inside a transaction a statement that only writes is deferred (see _deferred); outside one it runs at once.
        private void Execute(string sql, params (string Name, object Value)[] parameters)
        {
            if (_transaction is null)
            {
                Command(sql, parameters).ExecuteNonQuery();
                return;
            }

            var deferred = new NpgsqlBatchCommand(sql);
            foreach (var (name, value) in parameters)
            {
                deferred.Parameters.Add(Parameter(name, value));
            }

            _deferred.Add(deferred);
        }

        // The deferred statements go in one round trip, in the order they were written; a failure among
        // them fails this transaction as it would have failed at the statement itself.
        private void FlushDeferred()
        {
            if (_deferred.Count == 0)
            {
                return;
            }

            using var batch = new NpgsqlBatch(connection, _transaction);
            foreach (var deferred in _deferred)
            {
                batch.BatchCommands.Add(deferred);
            }

            _deferred.Clear();
            batch.ExecuteNonQuery();
        }

        // Commands are made once per writer and reused: the hot path binds values only. Whatever the
        // transaction deferred goes first, so every read sees the transaction's own writes.
        private NpgsqlCommand Command(string sql, params (string Name, object Value)[] parameters)
        {
            FlushDeferred();
            var command = _commands.Get(sql, connection, static (text, connection) => new NpgsqlCommand(text, connection));
            command.Parameters.Clear();
            foreach (var (name, value) in parameters)
            {
                command.Parameters.Add(Parameter(name, value));
            }

            return command;
        }

        // Nulls go as text: every nullable column here is text, but for the few bound as a typed null.
        private static NpgsqlParameter Parameter(string name, object value) => value switch
        {
            DBNull => new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value },
            NpgsqlParameter typed => new NpgsqlParameter(name, typed.NpgsqlDbType) { Value = DBNull.Value },
            _ => new NpgsqlParameter(name, value),
        };
    }
}
