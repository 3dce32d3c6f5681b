using System.Text;
using HandoffRules.Intake;
using HandoffRules.Simulation;

namespace HandoffRules.Host.Tests.Support;

/// <summary>Lead lines for the host's inputs.</summary>
public static class Leads
{
    /// <summary>Generated leads, their events moved to <paramref name="at"/> (a tenth of a millisecond apart, in order) when given.</summary>
    public static List<LeadInput> Generated(int count, int seed = 11, DateTimeOffset? at = null, IReadOnlyList<string>? accountDomains = null)
    {
        var leads = new LeadGenerator(seed, new LeadMix { AccountDomains = accountDomains ?? [] }).Generate(count).ToList();
        return at is null
            ? leads
            : [.. leads.Select((l, i) => l with { Event = l.Event! with { OccurredAt = at.Value.AddTicks(i * 1000L) } })];
    }

    public static string Line(LeadInput lead) => LeadLines.Write(lead);

    public static void Write(string path, IEnumerable<string> lines) =>
        File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));

    /// <summary>A lead that the sample playbook routes to a queue with an SLA, arriving now.</summary>
    public static LeadInput DemoRequest(string id, DateTimeOffset at, string? jobTitle = "VP of Analytics") => new()
    {
        Id = id,
        Email = $"{id.ToLowerInvariant()}@bigbuyer.example",
        FirstName = "Robin",
        LastName = "Quill",
        Company = "Big Buyer",
        JobTitle = jobTitle,
        Country = "US",
        State = "NY",
        Employees = "5000",
        Source = "demo_request",
        Score = 80,
        Event = new LeadEventInput { Type = "demo_request", Detail = "/demo", OccurredAt = at },
    };
}
