using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Host.Store;

/// <summary>
/// How both stores write times and read rows back: ISO-8601 UTC text (so times sort as they compare
/// and read back byte for byte on either store), and one reading of each projection's columns, so
/// the SQLite and the PostgreSQL store cannot disagree about what a row means.
/// </summary>
internal static class StoredRows
{
    /// <summary>A time as stored.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A stored time.</summary>
    public static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>A lead's projection, from the columns of the stores' lead SELECT.</summary>
    public static StoredLead ReadLead(DbDataReader r) => new()
    {
        LeadId = r.GetString(0),
        Outcome = r.GetString(1),
        Status = Text(r, 2),
        Stage = Text(r, 3),
        Queue = Text(r, 4),
        Member = Text(r, 5),
        Source = Text(r, 6),
        Segment = Text(r, 7),
        Territory = Text(r, 8),
        ArrivedAt = Time(r.GetString(9)),
        NurtureTrack = Text(r, 10),
        Lead = r.GetString(11),
        Decision = r.GetString(12),
        Trace = Text(r, 13),
        UpdatedAt = Time(r.GetString(14)),
    };

    /// <summary>An SLA timer, from the columns of the stores' timer SELECT.</summary>
    public static StoredTimer ReadTimer(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), Time(r.GetString(3)), Time(r.GetString(4)), r.GetString(5),
        r.IsDBNull(6) ? null : Time(r.GetString(6)), r.GetInt32(7) == 1);

    /// <summary>A file input's cursor, from the columns of the stores' cursor SELECT.</summary>
    public static InputCursor ReadCursor(string input, DbDataReader r) => new(input, r.GetInt64(0), r.GetInt64(1), Text(r, 2), r.GetInt32(3));

    /// <summary>The columns of an event row, as <see cref="ReadEvent"/> reads them.</summary>
    public const string EventColumns = "seq, lead_id, type, at, data, playbook_version, playbook_hash";

    /// <summary>An event, from <see cref="EventColumns"/>; events written before versions were recorded have none.</summary>
    public static HandoffEvent ReadEvent(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), Time(r.GetString(3)), JsonNode.Parse(r.GetString(4))!.AsObject())
    {
        Playbook = r.IsDBNull(5) ? null : new PlaybookVersion(r.GetString(5), Text(r, 6) ?? ""),
    };

    /// <summary>The playbooks that ran on a store, from the stores' SELECT of (version, content_hash).</summary>
    public static PlaybookVersion ReadPlaybook(DbDataReader r) => new(r.GetString(0), r.GetString(1));

    /// <summary>A text column that may be NULL.</summary>
    public static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>A value to bind, NULL when absent.</summary>
    public static object Db(string? value) => (object?)value ?? DBNull.Value;
}
