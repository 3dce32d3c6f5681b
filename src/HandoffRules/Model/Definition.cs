namespace HandoffRules.Model;

/// <summary>
/// A named lead definition (Inbound, MQL, PQL, SDR-ready): the criteria a lead must meet, the
/// disqualifiers that take it out with a reason code, and the context an SDR needs before outreach.
/// </summary>
/// <param name="Name">The definition's name, as reports and routes use it.</param>
/// <param name="Description">The policy in words.</param>
/// <param name="Extends">A broader definition whose criteria and disqualifiers this one inherits.</param>
/// <param name="MeetsAny">Definitions of which at least one must hold as well (e.g. SDR-ready needs MQL or PQL).</param>
/// <param name="Criteria">Conditions that must all hold.</param>
/// <param name="Disqualifiers">Conditions that take a lead out, checked in order.</param>
/// <param name="RequiredContext">Fields an SDR needs; a lead without them goes to the fallback for enrichment.</param>
/// <param name="HandsOff">True when leads meeting this definition are handed to SDRs.</param>
/// <param name="Stage">The lifecycle stage a lead meeting this definition is in.</param>
public sealed record Definition(
    string Name,
    string? Description,
    string? Extends,
    EquatableArray<string> MeetsAny,
    EquatableArray<LeadPredicate> Criteria,
    EquatableArray<Disqualifier> Disqualifiers,
    EquatableArray<LeadField> RequiredContext,
    bool HandsOff,
    string? Stage);

/// <summary>A condition that takes a lead out of the handoff, with its standard reason code.</summary>
/// <param name="Code">The reason code recorded on the decision ("COMPETITOR").</param>
/// <param name="Label">The reason in words.</param>
/// <param name="Condition">When it applies.</param>
public sealed record Disqualifier(string Code, string Label, LeadPredicate Condition)
{
    /// <summary>The code recorded when a lead meets no hand-off definition.</summary>
    public const string NotReadyCode = "NOT_READY";

    /// <summary>The built-in disqualifier for leads that meet no hand-off definition.</summary>
    public static Disqualifier NotReady { get; } = new(NotReadyCode, "Meets no hand-off definition", LeadPredicate.From(_ => true));
}
