namespace HandoffRules.Model;

/// <summary>
/// A member's availability as operations set it — away for a while, paused, a different cap for a
/// day — on top of what the playbook says (its out-of-office days, daily cap and active flag stay
/// the policy). Each one replaces the member's previous one as a whole; one with nothing set clears it.
/// </summary>
public sealed record Availability
{
    /// <summary>The member it is about.</summary>
    public required string MemberId { get; init; }

    /// <summary>Away from this instant; null with <see cref="AwayTo"/> set: away from when this availability takes effect.</summary>
    public DateTimeOffset? AwayFrom { get; init; }

    /// <summary>Away until this instant (exclusive); null when not away.</summary>
    public DateTimeOffset? AwayTo { get; init; }

    /// <summary>Takes no new leads until the availability is set again.</summary>
    public bool Paused { get; init; }

    /// <summary>At most this many new leads on <see cref="CapDay"/> instead of the playbook's daily cap; 0 takes none.</summary>
    public int? Cap { get; init; }

    /// <summary>The member's own calendar day (their time zone) the <see cref="Cap"/> holds for.</summary>
    public DateOnly? CapDay { get; init; }

    /// <summary>When it was set: it applies to decisions at or after this time.</summary>
    public required DateTimeOffset SetAt { get; init; }

    /// <summary>Who set it: a member, an API key's name, or a file and line; never a secret.</summary>
    public required string SetBy { get; init; }

    /// <summary>True when nothing is set: the member's availability is the playbook's again.</summary>
    public bool IsCleared => AwayTo is null && !Paused && Cap is null;

    /// <summary>True when the member is away at <paramref name="at"/>.</summary>
    public bool IsAway(DateTimeOffset at) => AwayTo is { } to && at < to && (AwayFrom is not { } from || at >= from);

    /// <summary>The cap set for <paramref name="day"/>, or null when none is.</summary>
    public int? CapOn(DateOnly day) => CapDay == day ? Cap : null;

    /// <summary>"away 2026-12-01 09:00 UTC until 2026-12-04 17:00 UTC, paused, cap 2 on 2026-12-01" or "cleared".</summary>
    public override string ToString()
    {
        var parts = new List<string>(3);
        if (AwayTo is { } to)
        {
            parts.Add(AwayFrom is { } from ? $"away {Shown(from)} until {Shown(to)}" : $"away until {Shown(to)}");
        }

        if (Paused)
        {
            parts.Add("paused");
        }

        if (Cap is { } cap)
        {
            parts.Add($"cap {cap} on {CapDay:yyyy-MM-dd}");
        }

        return parts.Count == 0 ? "cleared" : string.Join(", ", parts);
    }

    /// <summary>An instant as traces show it: minutes, UTC.</summary>
    public static string Shown(DateTimeOffset at) => $"{at.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
}
