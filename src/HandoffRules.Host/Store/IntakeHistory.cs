using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Intake;
using HandoffRules.Records;
using HandoffRules.Simulation.Review;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HandoffRules.Host.Store;

/// <summary>One lead the host took in: as it arrived, and what was decided for it then.</summary>
/// <param name="Input">The lead as it arrived, before normalisation, under the id the host recorded it with.</param>
/// <param name="Recorded">The decision the host recorded for it.</param>
public sealed record HistoricalLead(LeadInput Input, DecisionRecord Recorded)
{
    /// <summary>
    /// The lead's last acceptance, as <see cref="IntakeHistory.ReadAccepted"/> tells it, when read
    /// with the SDRs' verdicts; null when no SDR accepted it, or when they were not read.
    /// </summary>
    public AcceptedLead? Accepted { get; init; }
}

/// <summary>
/// Reads back, read-only and one row at a time, every lead a host took in from an event log (SQLite
/// or PostgreSQL):
/// the intake events (routed, disqualified, duplicate) in log order, each with the raw input the
/// host kept under <see cref="InputField"/>. What a backtest replays through a changed playbook.
/// </summary>
public static class IntakeHistory
{
    /// <summary>The field of an intake event's data that holds the lead as it arrived.</summary>
    public const string InputField = "input";

    /// <summary>
    /// The leads taken in, in log order, whose arrival falls in [<paramref name="from"/>, <paramref name="to"/>);
    /// streamed one row at a time, so a long history is never held in memory.
    /// </summary>
    /// <param name="database">The event log: an SQLite file, or a PostgreSQL store as <c>handoff run --db</c> takes it (a <c>postgres://</c> URL or a connection string).</param>
    /// <param name="from">The first arrival time kept, or null for the start of the log.</param>
    /// <param name="to">The arrival time the window ends before, or null for the end of the log.</param>
    /// <exception cref="InvalidDataException">An intake event holds no input (the lead was logged before inputs were kept) or an unreadable one; the message names the lead.</exception>
    public static IEnumerable<HistoricalLead> Read(string database, DateTimeOffset? from, DateTimeOffset? to) => Read(database, from, to, withVerdicts: false);

    /// <summary>
    /// The leads taken in, as <see cref="Read(string, DateTimeOffset?, DateTimeOffset?)"/> streams them,
    /// each with its <see cref="HistoricalLead.Accepted"/> when <paramref name="withVerdicts"/>: the
    /// SDRs' verdicts on it, read over the whole log by a second cursor that goes in step with the
    /// leads, so memory holds one lead's verdicts at a time, not every accepted lead's.
    /// </summary>
    /// <param name="database">The event log, as for <see cref="Read(string, DateTimeOffset?, DateTimeOffset?)"/>.</param>
    /// <param name="from">The first arrival time kept, or null for the start of the log.</param>
    /// <param name="to">The arrival time the window ends before, or null for the end of the log.</param>
    /// <param name="withVerdicts">Also read each lead's last acceptance, as <see cref="ReadAccepted"/> does for the whole log.</param>
    /// <exception cref="InvalidDataException">An intake event holds no input or an unreadable one; the message names the lead.</exception>
    public static IEnumerable<HistoricalLead> Read(string database, DateTimeOffset? from, DateTimeOffset? to, bool withVerdicts)
    {
        using var connection = Open(database);
        var version = EventLogSchema.Check(connection, Name(database));
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventLogSchema.EventColumns(version)} FROM events WHERE {Intake(command, "", from, to, version)} ORDER BY seq";
        using var reader = command.ExecuteReader();
        VerdictCursor? verdicts = null;
        try
        {
            while (reader.Read())
            {
                var intake = StoredRows.ReadEvent(reader);
                var lead = Lead(intake);
                if (withVerdicts)
                {
                    // Opened with the first lead, so an empty window or an unreadable log says so first.
                    verdicts ??= new VerdictCursor(database, from, to);
                    lead = lead with { Accepted = verdicts.Next(intake.Seq) };
                }

                yield return lead;
            }
        }
        finally
        {
            verdicts?.Dispose();
        }
    }

    // The condition on intake events (aliased as 'alias.', or not) of Read's window, its parameters bound.
    // The intake events' times are the leads' arrival times.
    private static string Intake(DbCommand command, string alias, DateTimeOffset? from, DateTimeOffset? to, int version)
    {
        var where = new List<string> { $"{alias}type IN (@routed, @disqualified, @duplicate)" };
        Bind(command, "routed", HandoffEventTypes.Routed);
        Bind(command, "disqualified", HandoffEventTypes.Disqualified);
        Bind(command, "duplicate", HandoffEventTypes.Duplicate);
        if (from is not null)
        {
            where.Add($"{alias}at >= @from");
            Bind(command, "from", StoredRows.At(from.Value, version));
        }

        if (to is not null)
        {
            where.Add($"{alias}at < @to");
            Bind(command, "to", StoredRows.At(to.Value, version));
        }

        return string.Join(" AND ", where);
    }

    /// <summary>
    /// Every lead an SDR accepted, by lead id, at its last acceptance: whether someone else had
    /// rejected it as misrouted before (a known misroute), and who accepted it. Read over the whole
    /// log, since a lead is often accepted after the window it arrived in. Memory grows with the
    /// leads rejected or accepted (a lead id and a member each), never with their inputs.
    /// </summary>
    /// <param name="database">The event log: an SQLite file or a PostgreSQL store, as for <see cref="Read(string, DateTimeOffset?, DateTimeOffset?)"/>.</param>
    public static Dictionary<string, AcceptedLead> ReadAccepted(string database)
    {
        using var connection = Open(database);
        var version = EventLogSchema.Check(connection, Name(database));
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventLogSchema.EventColumns(version)} FROM events WHERE type IN (@rejected, @accepted) ORDER BY seq";
        Bind(command, "rejected", HandoffEventTypes.Rejected);
        Bind(command, "accepted", HandoffEventTypes.Accepted);
        using var reader = command.ExecuteReader();
        var misroutedBy = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var accepted = new Dictionary<string, AcceptedLead>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var e = StoredRows.ReadEvent(reader);
            var rejecters = misroutedBy.GetValueOrDefault(e.LeadId);
            var last = accepted.GetValueOrDefault(e.LeadId);
            Verdict(e.LeadId, e.Type, e.Data, ref rejecters, ref last);
            if (rejecters is not null)
            {
                misroutedBy[e.LeadId] = rejecters;
            }

            if (last is not null)
            {
                accepted[e.LeadId] = last;
            }
        }

        return accepted;
    }

    // One rejected or accepted event of a lead, in log order, applied to what its earlier ones told:
    // who rejected it as misrouted, and its last acceptance that counts. A lead's verdicts depend on
    // its own events only, which is what lets them be read a lead at a time.
    private static void Verdict(string leadId, string type, JsonObject data, ref HashSet<string>? rejecters, ref AcceptedLead? accepted)
    {
        var member = data.TryGetPropertyValue("member", out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (type == HandoffEventTypes.Rejected)
        {
            if (data["misroute"]?.GetValue<bool>() == true && member is not null)
            {
                (rejecters ??= new HashSet<string>(StringComparer.Ordinal)).Add(member);
            }
        }
        else if (member is not null)
        {
            // Accepted by one who had called it a misroute is no known misroute: no one else took it.
            var afterMisroute = rejecters is not null && !rejecters.Contains(member);
            if (rejecters is null || afterMisroute)
            {
                accepted = new AcceptedLead(leadId, member, afterMisroute);
            }
        }
    }

    /// <summary>
    /// The rejected and accepted events of the window's leads, over the whole log, in the order of
    /// their leads' intake events (then in log order): read alongside <see cref="Read(string, DateTimeOffset?, DateTimeOffset?, bool)"/>,
    /// one lead's at a time. Plain columns only, so the same SQL runs on SQLite and PostgreSQL.
    /// </summary>
    private sealed class VerdictCursor : IDisposable
    {
        private readonly DbConnection _connection;
        private readonly DbCommand _command;
        private readonly DbDataReader _reader;
        private bool _more;

        public VerdictCursor(string database, DateTimeOffset? from, DateTimeOffset? to)
        {
            _connection = Open(database);
            var version = EventLogSchema.Check(_connection, Name(database));
            _command = _connection.CreateCommand();
            _command.CommandText =
                $"SELECT i.seq, a.lead_id, a.type, a.data, a.input, {EventLogSchema.FactsColumn(version, "a.")} FROM events i JOIN events a ON a.lead_id = i.lead_id " +
                $"WHERE {Intake(_command, "i.", from, to, version)} AND a.type IN (@rejected, @accepted) ORDER BY i.seq, a.seq";
            Bind(_command, "rejected", HandoffEventTypes.Rejected);
            Bind(_command, "accepted", HandoffEventTypes.Accepted);
            _reader = _command.ExecuteReader();
            _more = _reader.Read();
        }

        /// <summary>The last acceptance of the lead of the intake event <paramref name="intakeSeq"/>, the next one read; null when none counts.</summary>
        public AcceptedLead? Next(long intakeSeq)
        {
            HashSet<string>? rejecters = null;
            AcceptedLead? accepted = null;
            while (_more && _reader.GetInt64(0) <= intakeSeq)
            {
                // Rows of an earlier intake event were its lead's; both cursors go in the same order.
                if (_reader.GetInt64(0) == intakeSeq)
                {
                    var data = StoredRows.EventData(_reader.GetString(3), StoredRows.Text(_reader, 4), StoredRows.Text(_reader, 5));
                    Verdict(_reader.GetString(1), _reader.GetString(2), JsonNode.Parse(data)!.AsObject(), ref rejecters, ref accepted);
                }

                _more = _reader.Read();
            }

            return accepted;
        }

        public void Dispose()
        {
            _reader.Dispose();
            _command.Dispose();
            _connection.Dispose();
        }
    }

    /// <summary>
    /// A read-only connection to the event log: PostgreSQL when <paramref name="database"/> names one
    /// (read the way the store reads it, <see cref="PostgresConnection"/>), else the SQLite file.
    /// </summary>
    /// <param name="database">An SQLite file, a <c>postgres://</c> URL or an Npgsql connection string.</param>
    /// <exception cref="ArgumentException">A PostgreSQL connection string that cannot be read (the message never repeats a password).</exception>
    public static DbConnection Open(string database)
    {
        if (PostgresConnection.Names(database))
        {
            var postgres = new NpgsqlConnection(PostgresConnection.Normalize(database));
            postgres.Open();
            return postgres;
        }

        var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        sqlite.Open();
        return sqlite;
    }

    /// <summary>The log as messages name it: the SQLite file's name, or the PostgreSQL database without its password.</summary>
    public static string Name(string database) => PostgresConnection.Names(database) ? PostgresConnection.Describe(database) : Path.GetFileName(database);

    // Both providers take '@name' parameters.
    private static void Bind(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>An event's data without the lead as it arrived: what may be shown where contact details may not.</summary>
    public static JsonObject WithoutInput(JsonObject data)
    {
        if (!data.ContainsKey(InputField))
        {
            return data;
        }

        var shown = data.DeepClone().AsObject();
        shown.Remove(InputField);
        return shown;
    }

    private static HistoricalLead Lead(HandoffEvent intake)
    {
        var raw = intake.Data[InputField]
            ?? throw new InvalidDataException($"event {intake.Seq} ({intake.Type}) of lead {intake.LeadId}: no '{InputField}'; it was logged before the host kept leads as they arrived, so it cannot be replayed. Choose a window (--from) after the host was upgraded.");
        LeadInput input;
        DecisionRecord recorded;
        try
        {
            input = raw.Deserialize<LeadInput>(Processing.HandoffSession.LeadJson)!;
            recorded = DecisionRecord.FromJson(WithoutInput(intake.Data).ToJsonString());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"event {intake.Seq} ({intake.Type}) of lead {intake.LeadId}: {e.Message}", e);
        }

        // The id the host recorded (a repeat submission gets its own), and the arrival time it used
        // when the input carried none, so the replay decides for the same lead at the same time.
        var arrived = input.Event is { OccurredAt: not null } ? input.Event : (input.Event ?? new LeadEventInput()) with { OccurredAt = intake.At };
        return new HistoricalLead(input with { Id = intake.LeadId, Event = arrived }, recorded);
    }
}
