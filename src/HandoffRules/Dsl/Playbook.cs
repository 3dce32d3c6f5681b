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

    /// <summary>
    /// Runs <see cref="Define"/> and returns the canonical model. Does not validate it. Data files
    /// (<see cref="PlaybookBuilder.AccountsFrom"/>) are read from the playbook's assembly.
    /// </summary>
    public PlaybookModel Build()
    {
        var builder = new PlaybookBuilder(GetType().Name, ReadDataFile);
        Define(builder);
        return builder.Build();
    }

    /// <summary>
    /// The text of a data file of the rules project, from the playbook's assembly where the build
    /// embedded it (see the package's build/HandoffRules.targets); null when the assembly does not carry it.
    /// </summary>
    internal virtual string? ReadDataFile(string path)
    {
        using var stream = GetType().Assembly.GetManifestResourceStream(Checks.DataFiles.ResourceName(path));
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
