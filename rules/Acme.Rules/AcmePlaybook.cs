using HandoffRules;

namespace Acme.Rules;

/// <summary>
/// Acme Analytics' lead-to-SDR handoff: the written policy of the RevOps team, as code.
/// </summary>
/// <remarks>
/// <para>
/// Every change to how inbound leads reach our sales development reps goes through a pull request
/// on this class. The build checks it (no fallback, overlapping territories, a route that can
/// never match, an SLA nobody enforces all fail the build), and the snapshot tests show which
/// leads the change moves.
/// </para>
/// <para>The policy follows our handoff loop, one file per step:</para>
/// <list type="bullet">
///   <item><c>AcmePlaybook.Align.cs</c> — what counts as inbound, MQL, PQL and a hand-raiser, and who is disqualified.</item>
///   <item><c>AcmePlaybook.Lifecycle.cs</c> — stages, statuses and what each SDR action does.</item>
///   <item><c>AcmePlaybook.Coverage.cs</c> — territories, segments, named accounts.</item>
///   <item><c>AcmePlaybook.Team.cs</c> — the SDR team and its queues.</item>
///   <item><c>AcmePlaybook.Routing.cs</c> — routes, in order, and the fallback.</item>
///   <item><c>AcmePlaybook.Enforcement.cs</c> — triggers, SLAs, escalations, reject and recycle reasons.</item>
///   <item><c>AcmePlaybook.HubSpot.cs</c> — how stages, statuses, reasons and members map to HubSpot.</item>
/// </list>
/// </remarks>
public sealed partial class AcmePlaybook : Playbook
{
    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.Named("Acme Analytics inbound handoff");

        // Our SLAs run on New York business hours unless a queue sets its own.
        handoff.BusinessHours("America/New_York", hours => hours
            .Open(8, 18)
            .Holidays("2026-11-26", "2026-11-27", "2026-12-24", "2026-12-25", "2027-01-01"));

        handoff.Duplicates(rule => rule.SameEmail().SameNameAndDomain().WithinDays(90));
        handoff.MemberEmailDomain("acme-analytics.example");

        Align(handoff);
        Lifecycle(handoff);
        Coverage(handoff);
        Team(handoff);
        Routing(handoff);
        Enforcement(handoff);
        HubSpot(handoff);
    }
}
