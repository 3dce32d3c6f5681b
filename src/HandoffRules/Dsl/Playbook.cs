using HandoffRules.Model;

namespace HandoffRules;

/// <summary>
/// A team's handoff written as code. Derive from this class, override <see cref="Define"/>, and
/// describe the whole handoff on the builder it receives: definitions, lifecycle, territories,
/// segments, members, queues, routes, the fallback, escalations, triggers, SLAs and reasons.
/// </summary>
/// <example>
/// <code>
/// public sealed class AcmePlaybook : Playbook
/// {
///     protected override void Define(PlaybookBuilder handoff)
///     {
///         handoff.Queue("Lead Triage", q => q.RoundRobin().Members("sam.lee"));
///         handoff.Fallback("Lead Triage");
///     }
/// }
/// </code>
/// </example>
public abstract class Playbook
{
    /// <summary>Describes the handoff on <paramref name="handoff"/>.</summary>
    protected abstract void Define(PlaybookBuilder handoff);

    /// <summary>Runs <see cref="Define"/> and returns the canonical model. Does not validate it.</summary>
    public PlaybookModel Build()
    {
        var builder = new PlaybookBuilder(GetType().Name);
        Define(builder);
        return builder.Build();
    }
}
