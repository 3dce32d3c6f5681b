using HandoffRules.Model;

namespace HandoffRules.Tests.Support;

/// <summary>
/// A small desk where generated leads reach every rule: low scores are not ready, leads without a
/// company go to the fallback, a named account, a small-business desk, a main desk of two, a demo
/// and a form trigger each starting its own SLA. Each subclass is one
/// pull request that leaves one kind of rule unreached; the command line loads them by name.
/// </summary>
public abstract class CoverageDeskPlaybook : Playbook
{
    private static readonly DayOfWeek[] EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    /// <summary>True when a broad route comes before the account route (and shadows it).</summary>
    protected virtual bool BroadRouteFirst => false;

    /// <summary>The queue small companies go to.</summary>
    protected virtual string SmallCompaniesQueue => "Small desk";

    /// <summary>True when Ben has left (inactive).</summary>
    protected virtual bool BenLeft => false;

    /// <summary>True when a web-form trigger is declared before "Form" (and takes every form).</summary>
    protected virtual bool WebFormTriggerFirst => false;

    /// <summary>The SLA a demo request starts.</summary>
    protected virtual string DemoSla => "Demo first touch";

    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.BusinessHours("Etc/UTC", h => h.Open(0, 24).Days(EveryDay));
        handoff.Definition("Inbound", d => d.When(l => l.Email != null && l.Score >= 10).RequireContext(LeadField.Company).HandsOff());
        handoff.Segment("Small", s => s.Employees(1, 199).Revenue(0, 19_999_999));
        handoff.Segment("Large", s => s.Employees(200).Revenue(20_000_000));
        handoff.Member("ana", "Ana", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        if (BenLeft)
        {
            handoff.Member("ben", "Ben", m => m.Inactive());
        }
        else
        {
            handoff.Member("ben", "Ben", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        }

        handoff.Member("cy", "Cy", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Member("olu", "Olu Owner", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Queue("Desk", q => q.RoundRobin().Members("ana", "ben"));
        handoff.Queue("Small desk", q => q.Members("cy"));
        handoff.Account("Bigco", a => a.Domains("bigco.com").Owner("olu"));
        if (BroadRouteFirst)
        {
            handoff.Route("Everyone", r => r.ToQueue("Desk"));
        }

        handoff.Route("Named accounts", r => r.WhenAccountMatched().ToAccountOwner());
        handoff.Route("Small companies", r => r.Segments("Small").ToQueue(SmallCompaniesQueue));
        if (!BroadRouteFirst)
        {
            handoff.Route("Everyone", r => r.ToQueue("Desk"));
        }

        handoff.Fallback("Desk");
        handoff.Trigger("Demo", t => t.On(LeadEventType.DemoRequest).StartSla(DemoSla));
        if (WebFormTriggerFirst)
        {
            handoff.Trigger("Web form", t => t.On(LeadEventType.FormSubmission).StartSla("First touch"));
        }

        handoff.Trigger("Form", t => t.On(LeadEventType.FormSubmission).StartSla("First touch"));
        handoff.Sla("Demo first touch", s => s.FirstTouch().Within(minutes: 15).OnBreach(b => b.ReassignToNextMember()));
        handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.ReassignToNextMember()));
        handoff.NurtureTrack("Later");
        handoff.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));
        handoff.RejectReason("WRONG_TERRITORY", "Wrong territory", r => r.Misroute());
        handoff.RecycleReason("BAD_TIMING", "Bad timing", r => r.NurtureTrack("Later"));
    }
}

/// <summary>The desk before any change.</summary>
public sealed class CoverageDeskBefore : CoverageDeskPlaybook;

/// <summary>"Everyone" moved first: it takes the named account's leads, so the account is unreached.</summary>
public sealed class CoverageDeskAccountShadowed : CoverageDeskPlaybook
{
    /// <inheritdoc />
    protected override bool BroadRouteFirst => true;
}

/// <summary>Small companies sent to the main desk: the small desk is unreached.</summary>
public sealed class CoverageDeskQueueMerged : CoverageDeskPlaybook
{
    /// <inheritdoc />
    protected override string SmallCompaniesQueue => "Desk";
}

/// <summary>Ben marked inactive: he gets no lead.</summary>
public sealed class CoverageDeskMemberLeft : CoverageDeskPlaybook
{
    /// <inheritdoc />
    protected override bool BenLeft => true;
}

/// <summary>A "Web form" trigger declared before "Form" fires on every form: "Form" is unreached.</summary>
public sealed class CoverageDeskTriggerShadowed : CoverageDeskPlaybook
{
    /// <inheritdoc />
    protected override bool WebFormTriggerFirst => true;
}

/// <summary>Demo requests start the ordinary first-touch SLA: "Demo first touch" is unreached.</summary>
public sealed class CoverageDeskSlaUnused : CoverageDeskPlaybook
{
    /// <inheritdoc />
    protected override string DemoSla => "First touch";
}
