using System.Buffers.Binary;
using System.Text;
using HandoffRules.Intake;

namespace HandoffRules.Simulation;

/// <summary>
/// A draft as the bytes a <see cref="DraftChunk"/> holds and a <see cref="DraftSpill"/> stores: its
/// arrival key, then every field of the lead as it is, so a draft read back equals the one written.
/// Written into and read from spans: a stream writer and reader made several calls through the
/// stream a field, and the spill's writing and reading cost a fifth of a routing-only run.
/// </summary>
/// <remarks>
/// Numbers are little-endian; a text is its UTF-8 length (-1 for none) then its bytes; a flag is a
/// byte. The form lives only as long as the run that wrote it.
/// </remarks>
internal static class DraftRecord
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Appends the draft to <paramref name="bytes"/>.</summary>
    public static void Write(DraftBytes bytes, LeadInput lead, long ticks, int draw)
    {
        bytes.Int64(ticks);
        bytes.Int32(draw);
        Text(bytes, lead.Id);
        Text(bytes, lead.Email);
        Text(bytes, lead.FirstName);
        Text(bytes, lead.LastName);
        Text(bytes, lead.Company);
        Text(bytes, lead.JobTitle);
        Text(bytes, lead.Phone);
        Text(bytes, lead.Country);
        Text(bytes, lead.State);
        Text(bytes, lead.PostalCode);
        Text(bytes, lead.City);
        Text(bytes, lead.Employees);
        Text(bytes, lead.AnnualRevenue);
        Text(bytes, lead.Source);
        bytes.Flag(lead.Score.HasValue);
        bytes.Int32(lead.Score.GetValueOrDefault());
        bytes.Int32(lead.Signals is null ? -1 : lead.Signals.Length);
        foreach (var signal in lead.Signals ?? [])
        {
            Text(bytes, signal);
        }

        bytes.Flag(lead.Event is not null);
        if (lead.Event is { } e)
        {
            Text(bytes, e.Type);
            Text(bytes, e.Detail);
            bytes.Flag(e.OccurredAt.HasValue);
            bytes.Int64(e.OccurredAt.GetValueOrDefault().Ticks);
            bytes.Int32((int)e.OccurredAt.GetValueOrDefault().Offset.TotalMinutes);
        }
    }

    /// <summary>Reads back a draft <see cref="Write"/> wrote, whole.</summary>
    public static LeadInput Read(ReadOnlySpan<byte> record, out long ticks, out int draw)
    {
        var r = new Reader(record);
        ticks = r.Int64();
        draw = r.Int32();
        var id = r.Text();
        var email = r.Text();
        var first = r.Text();
        var last = r.Text();
        var company = r.Text();
        var title = r.Text();
        var phone = r.Text();
        var country = r.Text();
        var state = r.Text();
        var postal = r.Text();
        var city = r.Text();
        var employees = r.Text();
        var revenue = r.Text();
        var source = r.Text();
        var hasScore = r.Flag();
        var score = r.Int32();
        var signalCount = r.Int32();
        string[]? signals = signalCount < 0 ? null : new string[signalCount];
        for (var i = 0; i < signalCount; i++)
        {
            signals![i] = r.Text()!;
        }

        LeadEventInput? happening = null;
        if (r.Flag())
        {
            var type = r.Text();
            var detail = r.Text();
            var hasTime = r.Flag();
            var at = r.Int64();
            var offset = r.Int32();
            happening = new LeadEventInput { Type = type, Detail = detail, OccurredAt = hasTime ? new DateTimeOffset(at, TimeSpan.FromMinutes(offset)) : null };
        }

        r.End();
        return new LeadInput
        {
            Id = id,
            Email = email,
            FirstName = first,
            LastName = last,
            Company = company,
            JobTitle = title,
            Phone = phone,
            Country = country,
            State = state,
            PostalCode = postal,
            City = city,
            Employees = employees,
            AnnualRevenue = revenue,
            Source = source,
            Score = hasScore ? score : null,
            Signals = signals,
            Event = happening,
        };
    }

    private static void Text(DraftBytes bytes, string? text)
    {
        if (text is null)
        {
            bytes.Int32(-1);
            return;
        }

        // The length goes before the bytes, and is known once they are written.
        var room = bytes.Free(sizeof(int) + Utf8.GetMaxByteCount(text.Length));
        var written = Utf8.GetBytes(text, room[sizeof(int)..]);
        BinaryPrimitives.WriteInt32LittleEndian(room, written);
        bytes.Advance(sizeof(int) + written);
    }

    private ref struct Reader(ReadOnlySpan<byte> record)
    {
        private readonly ReadOnlySpan<byte> _record = record;
        private int _at;

        public long Int64()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(_record[_at..]);
            _at += sizeof(long);
            return value;
        }

        public int Int32()
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(_record[_at..]);
            _at += sizeof(int);
            return value;
        }

        public bool Flag() => _record[_at++] != 0;

        public string? Text()
        {
            var length = Int32();
            if (length < 0)
            {
                return null;
            }

            var text = Utf8.GetString(_record.Slice(_at, length));
            _at += length;
            return text;
        }

        // A record is read whole or not at all: bytes left over mean the form was misread.
        public readonly void End()
        {
            if (_at != _record.Length)
            {
                throw new InvalidDataException($"A spilled lead draft was {_record.Length} bytes, and {_at} were read.");
            }
        }
    }
}
