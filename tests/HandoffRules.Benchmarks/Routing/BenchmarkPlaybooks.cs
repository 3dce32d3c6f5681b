using Acme.Rules;
using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Simulation;

namespace HandoffRules.Benchmarks.Routing;

/// <summary>The playbooks and leads the routing benchmarks share.</summary>
public static class BenchmarkPlaybooks
{
    public const string Sample = "sample";
    public const string Large = "large";

    /// <summary>The sample's disqualifiers that read private sets or compare without regard to case, written out for Dynamic LINQ.</summary>
    public static readonly IReadOnlyDictionary<string, string> SampleConditions = new Dictionary<string, string>
    {
        ["COMPETITOR"] = "lead.Domain == \"metricflow.io\" || lead.Domain == \"vizhub.co\" || lead.Domain == \"insightpeak.com\" || lead.Domain == \"chartwell-analytics.com\"",
        ["EMBARGOED"] = "lead.Country == \"CU\" || lead.Country == \"IR\" || lead.Country == \"KP\" || lead.Country == \"SY\"",
        // Company and last name arrive lower-cased once per lead (see PeerLead), as intake prepares a lead for the router.
        ["TEST_SUBMISSION"] = "keys.Company == \"test\" || keys.LastName == \"test\"",
        ["STUDENT"] = "lead.TitleContains(\"student\") || (lead.Domain != null && lead.Domain.EndsWith(\".edu\"))",
    };

    public static PlaybookModel Build(string name) => name == Sample ? new AcmePlaybook().Build() : new LargePlaybook().Build();

    public static IReadOnlyDictionary<string, string> Conditions(string name) => name == Sample ? SampleConditions : new Dictionary<string, string>();

    /// <summary>Generated leads, normalised once (routing is what is measured).</summary>
    public static Lead[] Leads(PlaybookModel playbook, int count, int seed = 1)
    {
        var mix = LeadMix.For(playbook);
        return [.. new LeadGenerator(seed, mix).Generate(count)
            .Select(l => LeadNormalizer.Normalize(l, LeadGenerator.DefaultStart).Lead)
            .OfType<Lead>()];
    }
}

/// <summary>A valid playbook of 500 territories (US postal prefixes) and 200 routes over them.</summary>
public sealed class LargePlaybook : Playbook
{
    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.Definition("MQL", d => d.When(lead => lead.Score >= 40).HandsOff());
        handoff.Segment("SMB", s => s.Employees(1, 199).Revenue(0, 19_999_999));
        handoff.Segment("Enterprise", s => s.Employees(200).Revenue(20_000_000));
        for (var m = 0; m < 20; m++)
        {
            handoff.Member($"sdr{m}", $"SDR {m}", x => x.WorkingHours(0, 24).WorkingDays([.. Enum.GetValues<DayOfWeek>()]));
            handoff.Queue($"Queue {m}", q => q.Members($"sdr{m}"));
        }

        for (var t = 0; t < 500; t++)
        {
            var prefix = t.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
            handoff.Territory($"T{t}", x => x.PostalPrefixes("US", prefix));
        }

        for (var r = 0; r < 200; r++)
        {
            var (first, segment, queue) = (2 * r % 500, r < 100 ? "SMB" : "Enterprise", $"Queue {r % 20}");
            handoff.Route($"Route {r}", x => x.Territories($"T{first}", $"T{first + 1}").Segments(segment).ToQueue(queue));
        }

        handoff.Fallback("Queue 0");
    }
}
