using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace HandoffRules.Host.Store;

/// <summary>
/// A writer's statements on the duplicate keys (<c>dedupe</c>), the same SQL for every store but for
/// how it names parameters. A lead has at most two keys (its e-mail, its name at its domain): both
/// are looked up by one statement, and written by one. A key is kept as its <see cref="Digest"/>
/// (schema version 10), not as the e-mail address or name it is made of.
/// </summary>
/// <param name="sqlPrefix">How the store's SQL names a parameter ("$" for SQLite, "@" for PostgreSQL).</param>
/// <param name="bindPrefix">How the store's driver names it when a value is bound ("$" for SQLite, "" for PostgreSQL).</param>
internal sealed class DuplicateKeyStatements(string sqlPrefix, string bindPrefix)
{
    private const string Upsert = "ON CONFLICT (key) DO UPDATE SET lead_id = excluded.lead_id, queue = excluded.queue, member = excluded.member, at = excluded.at";

    private readonly string _findOne = $"SELECT lead_id, queue, member, at FROM dedupe WHERE key = {sqlPrefix}key";
    private readonly string _findTwo = $"SELECT key, lead_id, queue, member, at FROM dedupe WHERE key IN ({sqlPrefix}k0, {sqlPrefix}k1)";
    private readonly string _saveOne = $"INSERT INTO dedupe (key, lead_id, queue, member, at) VALUES ({sqlPrefix}key, {sqlPrefix}lead, {sqlPrefix}queue, {sqlPrefix}member, {sqlPrefix}at) {Upsert}";
    private readonly string _saveTwo =
        $"INSERT INTO dedupe (key, lead_id, queue, member, at) VALUES ({sqlPrefix}k0, {sqlPrefix}lead, {sqlPrefix}queue, {sqlPrefix}member, {sqlPrefix}at), " +
        $"({sqlPrefix}k1, {sqlPrefix}lead, {sqlPrefix}queue, {sqlPrefix}member, {sqlPrefix}at) {Upsert}";

    private readonly string _key = bindPrefix + "key";
    private readonly string _k0 = bindPrefix + "k0";
    private readonly string _k1 = bindPrefix + "k1";
    private readonly string _lead = bindPrefix + "lead";
    private readonly string _queue = bindPrefix + "queue";
    private readonly string _member = bindPrefix + "member";
    private readonly string _at = bindPrefix + "at";

    /// <summary>
    /// What a key is kept under: the first 16 bytes of the SHA-256 of its UTF-8. Looking a lead up
    /// needs only equality, so the table holds no contact details in clear (a digest confirms an
    /// address only to someone who already has it), and 16 bytes instead of a key's 40 or so; two
    /// keys sharing a digest would take some 10^19 keys.
    /// </summary>
    public static byte[] Digest(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return hash[..16].ToArray();
    }

    // A lead's keys are looked up, then saved under the same strings: each is digested once. (A
    // writer is used by one thread at a time.)
    private readonly string?[] _digested = new string?[2];
    private readonly byte[][] _digests = [[], []];
    private int _next;

    private byte[] DigestOf(string key)
    {
        for (var i = 0; i < _digested.Length; i++)
        {
            if (ReferenceEquals(_digested[i], key))
            {
                return _digests[i];
            }
        }

        var slot = _next++ % _digested.Length;
        (_digested[slot], _digests[slot]) = (key, Digest(key));
        return _digests[slot];
    }

    /// <summary>What is kept under one key, or null (<paramref name="query"/> runs a statement with its values in the writer's transaction and reads what it returns).</summary>
    public (string LeadId, string? Queue, string? Member, DateTimeOffset At)? FindOne(string key, Func<string, (string Name, object Value)[], DbDataReader> query)
    {
        using var reader = query(_findOne, [(_key, DigestOf(key))]);
        return reader.Read() ? (reader.GetString(0), StoredRows.Text(reader, 1), StoredRows.Text(reader, 2), StoredRows.At(reader, 3)) : null;
    }

    /// <summary>What is kept under each of a lead's keys, in their order (null for a key not kept).</summary>
    public (string LeadId, string? Queue, string? Member, DateTimeOffset At)?[] Find(IReadOnlyList<string> keys, Func<string, (string Name, object Value)[], DbDataReader> query)
    {
        if (keys.Count != 2)
        {
            return [.. keys.Select(key => FindOne(key, query))];
        }

        var found = new (string LeadId, string? Queue, string? Member, DateTimeOffset At)?[2];
        var first = DigestOf(keys[0]);
        using var reader = query(_findTwo, [(_k0, first), (_k1, DigestOf(keys[1]))]);
        while (reader.Read())
        {
            found[reader.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(first) ? 0 : 1] =
                (reader.GetString(1), StoredRows.Text(reader, 2), StoredRows.Text(reader, 3), StoredRows.At(reader, 4));
        }

        return found;
    }

    /// <summary>Keeps the lead, its queue and owner under one key (<paramref name="execute"/> runs a statement with its values in the writer's transaction).</summary>
    public void SaveOne(string key, string leadId, string? queue, string? member, DateTimeOffset at, Action<string, (string Name, object Value)[]> execute) =>
        SaveDigest(DigestOf(key), leadId, queue, member, at, execute);

    /// <summary>Keeps the lead, its queue and owner under a key's <see cref="Digest"/>, made already.</summary>
    public void SaveDigest(byte[] digest, string leadId, string? queue, string? member, DateTimeOffset at, Action<string, (string Name, object Value)[]> execute) =>
        execute(_saveOne, [(_key, digest), (_lead, leadId), (_queue, StoredRows.Db(queue)), (_member, StoredRows.Db(member)), (_at, StoredRows.At(at))]);

    /// <summary>Keeps the lead under each of its keys (distinct).</summary>
    public void Save(IReadOnlyList<string> keys, string leadId, string? queue, string? member, DateTimeOffset at, Action<string, (string Name, object Value)[]> execute)
    {
        if (keys.Count != 2 || string.Equals(keys[0], keys[1], StringComparison.Ordinal))
        {
            foreach (var key in keys)
            {
                SaveOne(key, leadId, queue, member, at, execute);
            }

            return;
        }

        execute(_saveTwo, [(_k0, DigestOf(keys[0])), (_k1, DigestOf(keys[1])), (_lead, leadId), (_queue, StoredRows.Db(queue)), (_member, StoredRows.Db(member)), (_at, StoredRows.At(at))]);
    }
}
