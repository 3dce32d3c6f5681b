using System.Globalization;
using System.Text;

namespace HandoffRules.Analyzers.Tests.Build;

/// <summary>A valid playbook of a given size: disjoint postal-prefix territories and routes over disjoint pairs of them.</summary>
public static class LargePlaybook
{
    public static string Source(int territories, int routes)
    {
        var source = new StringBuilder("""
            using HandoffRules;

            namespace Large.Rules;

            public sealed class LargePlaybook : Playbook
            {
                protected override void Define(PlaybookBuilder handoff)
                {
                    handoff.Definition("MQL", d => d.When(l => l.Score >= 60).HandsOff());
                    handoff.Segment("SMB", s => s.Employees(1, 199));
                    handoff.Segment("Enterprise", s => s.Employees(200));

            """);
        for (var m = 0; m < 20; m++)
        {
            source.AppendLine(CultureInfo.InvariantCulture, $"        handoff.Member(\"sdr{m}\", \"SDR {m}\");");
            source.AppendLine(CultureInfo.InvariantCulture, $"        handoff.Queue(\"Queue {m}\", q => q.Members(\"sdr{m}\"));");
        }

        for (var t = 0; t < territories; t++)
        {
            source.AppendLine(CultureInfo.InvariantCulture, $"        handoff.Territory(\"T{t}\", t => t.PostalPrefixes(\"US\", \"{t:000}\"));");
        }

        for (var r = 0; r < routes; r++)
        {
            var first = 2 * r % territories;
            source.AppendLine(CultureInfo.InvariantCulture,
                $"        handoff.Route(\"Route {r}\", r => r.Territories(\"T{first}\", \"T{first + 1}\").Segments(\"{(r < territories / 2 ? "SMB" : "Enterprise")}\").ToQueue(\"Queue {r % 20}\"));");
        }

        source.AppendLine("        handoff.Fallback(\"Queue 0\");");
        source.AppendLine("    }");
        source.AppendLine("}");
        return source.ToString();
    }
}
