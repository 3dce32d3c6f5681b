using System.Text;
using HandoffRules.Intake;

namespace HandoffRules.Simulation;

/// <summary>
/// Generated leads waiting for their arrival order on disk: a sorted chunk of drafts per file, read
/// back in order. Every field is written as it is, so a draft comes back equal to the one spilled.
/// The files are unlinked as soon as they are open where the system allows, so a killed run
/// leaves nothing behind; elsewhere they go when closed.
/// </summary>
internal sealed class DraftSpill : IDisposable
{
    internal static readonly UTF8Encoding Utf8 = new(false);
    private readonly FileStream _file;
    private BinaryWriter? _writer;
    private BinaryReader? _reader;
    private int _written;

    public DraftSpill()
    {
        var path = Path.Combine(Path.GetTempPath(), $"handoff-leads-{Environment.ProcessId}-{Guid.NewGuid():N}.spill");
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        _writer = new BinaryWriter(_file, Utf8, leaveOpen: true);
    }

    /// <summary>Appends one draft as <see cref="Write(BinaryWriter, LeadInput, long, int)"/> wrote it elsewhere.</summary>
    public void Append(ReadOnlySpan<byte> record)
    {
        _written++;
        _writer!.Write(record);
    }

    /// <summary>Writes one draft with its arrival key in the form <see cref="TryRead"/> reads back.</summary>
    public static void Write(BinaryWriter w, LeadInput lead, long ticks, int draw)
    {
        w.Write(ticks);
        w.Write(draw);
        Text(w, lead.Id);
        Text(w, lead.Email);
        Text(w, lead.FirstName);
        Text(w, lead.LastName);
        Text(w, lead.Company);
        Text(w, lead.JobTitle);
        Text(w, lead.Phone);
        Text(w, lead.Country);
        Text(w, lead.State);
        Text(w, lead.PostalCode);
        Text(w, lead.City);
        Text(w, lead.Employees);
        Text(w, lead.AnnualRevenue);
        Text(w, lead.Source);
        w.Write(lead.Score.HasValue);
        w.Write(lead.Score.GetValueOrDefault());
        w.Write(lead.Signals is null ? -1 : lead.Signals.Length);
        foreach (var signal in lead.Signals ?? [])
        {
            Text(w, signal);
        }

        w.Write(lead.Event is not null);
        if (lead.Event is { } e)
        {
            Text(w, e.Type);
            Text(w, e.Detail);
            w.Write(e.OccurredAt.HasValue);
            w.Write(e.OccurredAt.GetValueOrDefault().Ticks);
            w.Write((short)e.OccurredAt.GetValueOrDefault().Offset.TotalMinutes);
        }
    }

    /// <summary>Ends writing; reading starts at the first draft.</summary>
    public void Rewind()
    {
        _writer!.Flush();
        _writer.Dispose();
        _writer = null;
        _file.Position = 0;
        _reader = new BinaryReader(_file, Utf8, leaveOpen: true);
    }

    /// <summary>The next draft with its arrival key, or false at the end.</summary>
    public bool TryRead(out LeadInput lead, out long ticks, out int draw)
    {
        var r = _reader!;
        if (_written-- == 0)
        {
            (lead, ticks, draw) = (null!, 0, 0);
            return false;
        }

        ticks = r.ReadInt64();
        draw = r.ReadInt32();
        var id = Text(r);
        var email = Text(r);
        var first = Text(r);
        var last = Text(r);
        var company = Text(r);
        var title = Text(r);
        var phone = Text(r);
        var country = Text(r);
        var state = Text(r);
        var postal = Text(r);
        var city = Text(r);
        var employees = Text(r);
        var revenue = Text(r);
        var source = Text(r);
        var hasScore = r.ReadBoolean();
        var score = r.ReadInt32();
        var signalCount = r.ReadInt32();
        string[]? signals = signalCount < 0 ? null : new string[signalCount];
        for (var i = 0; i < signalCount; i++)
        {
            signals![i] = Text(r)!;
        }

        LeadEventInput? happening = null;
        if (r.ReadBoolean())
        {
            var type = Text(r);
            var detail = Text(r);
            var hasTime = r.ReadBoolean();
            var at = r.ReadInt64();
            var offset = r.ReadInt16();
            happening = new LeadEventInput { Type = type, Detail = detail, OccurredAt = hasTime ? new DateTimeOffset(at, TimeSpan.FromMinutes(offset)) : null };
        }

        lead = new LeadInput
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
        return true;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _reader?.Dispose();
        _file.Dispose();
    }

    private static void Text(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    private static string? Text(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
