namespace HandoffRules.Reporting;

/// <summary>
/// The names a report groups by (sources, segments, queues, members, routes, SLAs, reasons) as small
/// integers, so a lead's summary holds a few ints instead of strings. Id 0 is "no value" (null).
/// </summary>
internal sealed class NameTable
{
    public const int None = 0;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly List<string?> _names = [null];

    private readonly CharBuffer _chars = new();

    public NameTable() => _byChars = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Id(string? name)
    {
        if (name is null)
        {
            return None;
        }

        if (!_ids.TryGetValue(name, out var id))
        {
            id = _names.Count;
            _names.Add(name);
            _ids.Add(name, id);
        }

        return id;
    }

    /// <summary>The id of a name given as UTF-8; a name already seen is found without making a string of it.</summary>
    public int Id(ReadOnlySpan<byte> utf8)
    {
        var chars = _chars.Decode(utf8);
        return _byChars.TryGetValue(chars, out var id) ? id : Id(chars.ToString());
    }

    /// <summary>The id of a name already seen, or -1 (never equal to an id a lead holds).</summary>
    public int Find(string name) => _ids.TryGetValue(name, out var id) ? id : -1;

    public string? Name(int id) => _names[id];
}
