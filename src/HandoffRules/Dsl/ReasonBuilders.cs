using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes where leads rejected with a reason go.</summary>
public sealed class RejectReasonBuilder
{
    private readonly string _code;
    private readonly string _label;
    private string? _track;
    private bool _misroute;

    internal RejectReasonBuilder(string code, string label)
    {
        _code = code;
        _label = label;
    }

    /// <summary>The nurture track rejected leads go to.</summary>
    public RejectReasonBuilder NurtureTrack(string track)
    {
        _track = track;
        return this;
    }

    /// <summary>
    /// The lead was sent to the wrong place (territory, segment, owner): it goes back to routing and
    /// counts toward the misroute rate.
    /// </summary>
    public RejectReasonBuilder Misroute()
    {
        _misroute = true;
        return this;
    }

    internal RejectReason Build() => new(_code, _label, _track, _misroute);
}

/// <summary>Describes where recycled leads go.</summary>
public sealed class RecycleReasonBuilder
{
    private readonly string _code;
    private readonly string _label;
    private string? _track;

    internal RecycleReasonBuilder(string code, string label)
    {
        _code = code;
        _label = label;
    }

    /// <summary>The nurture track recycled leads go to.</summary>
    public RecycleReasonBuilder NurtureTrack(string track)
    {
        _track = track;
        return this;
    }

    // A missing track is kept as empty so the validator can report it (HR3002) with the others.
    internal RecycleReason Build() => new(_code, _label, _track ?? "");
}
