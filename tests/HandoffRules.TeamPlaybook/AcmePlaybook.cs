using HandoffRules;
using Humanizer;

namespace Acme.Rules;

/// <summary>
/// A team's playbook with the sample's names (assembly, namespace and class) whose queue names come
/// from a NuGet package at build time, so loading it needs that package.
/// </summary>
public sealed class AcmePlaybook : Playbook
{
    private static readonly DayOfWeek[] EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    /// <summary>The queue every lead goes to, named through Humanizer.</summary>
    public static string TeamQueue => "inbound_team".Humanize(LetterCasing.Title);

    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.BusinessHours("Etc/UTC", h => h.Open(0, 24).Days(EveryDay));
        handoff.Definition("Inbound", d => d.When(l => l.Email != null).HandsOff());
        handoff.Member("ana", "Ana", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Member("ben", "Ben", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Member("lead", "Team lead", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Queue(TeamQueue, q => q.RoundRobin().Members("ana", "ben"));
        handoff.Queue("Leads", q => q.Members("lead"));
        handoff.Route("Everyone", r => r.ToQueue(TeamQueue));
        handoff.Fallback(TeamQueue);
        handoff.Escalation("Stalled", e => e.To("Leads"));
        handoff.Sla("First touch", s => s.FirstTouch().Within(minutes: 30).OnEveryHandoff().OnBreach(b => b.Escalate()));
        handoff.NurtureTrack("Later");
        handoff.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));
        handoff.RejectReason("WRONG_TERRITORY", "Wrong territory", r => r.Misroute());
        handoff.RecycleReason("BAD_TIMING", "Bad timing", r => r.NurtureTrack("Later"));
    }
}
