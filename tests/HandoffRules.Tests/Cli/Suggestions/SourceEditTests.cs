using HandoffRules.Cli.Suggestions;
using HandoffRules.Model;

namespace HandoffRules.Tests.Cli.Suggestions;

/// <summary>
/// The source side of suggested edits: DSL calls found with Roslyn's syntax API in a playbook written
/// a call per line (as the sample is) and edited so the diff reads like a person's change.
/// </summary>
public sealed class SourceEditTests : IDisposable
{
    private const string Playbook = """
        using HandoffRules.Model;

        namespace Team.Rules;

        public sealed partial class TeamPlaybook : Playbook
        {
            private const int Cap = 20;

            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Definition("MQL", mql => mql
                    .Describe("Marketing-qualified.")
                    .When(lead => lead.Score >= 60)
                    .HandsOff());
                handoff.Territory("East", t => t
                    .Country("CA")
                    .Regions("US", "NY", "TX"));
                handoff.Territory("West", t => t.Country("MX"));
                handoff.Member("a", "A", m => m.DailyCap(Cap));
                handoff.Member("b", "B", m => m.DailyCap(Cap));
                handoff.Member("c", "C", m => m.DailyCap(Cap));
            }
        }

        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-source-edit-").FullName;

    public SourceEditTests()
    {
        File.WriteAllText(Path.Combine(_folder, "TeamPlaybook.cs"), Playbook);
        Directory.CreateDirectory(Path.Combine(_folder, "obj"));
        File.WriteAllText(Path.Combine(_folder, "obj", "Generated.cs"), "class TeamPlaybook { void Define() { handoff.Definition(\"MQL\", d => d); } }");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Diff(PlaybookEdit edit)
    {
        var (changes, why) = edit.Locate(RulesSource.Load(_folder), "TeamPlaybook");
        Assert.True(changes is not null, why);
        return RulesSource.Diff(changes);
    }

    [Fact]
    public void A_criterion_goes_on_its_own_line_at_the_head_of_a_chain_written_a_call_per_line()
    {
        Assert.Equal("""
            --- a/TeamPlaybook.cs
            +++ b/TeamPlaybook.cs
            @@ -9,6 +9,7 @@
                 protected override void Define(PlaybookBuilder handoff)
                 {
                     handoff.Definition("MQL", mql => mql
            +            .When(l => l.Source != LeadSource.Paid || l.Score >= 40)
                         .Describe("Marketing-qualified.")
                         .When(lead => lead.Score >= 60)
                         .HandsOff());

            """, Diff(new ScoreThresholdEdit(LeadSource.Paid, 40, ["MQL"])));
    }

    [Fact]
    public void A_region_added_to_a_territory_without_a_regions_call_gets_one_and_leaves_the_other_with_its_remaining_regions()
    {
        Assert.Equal("""
            --- a/TeamPlaybook.cs
            +++ b/TeamPlaybook.cs
            @@ -14,8 +14,8 @@
                         .HandsOff());
                     handoff.Territory("East", t => t
                         .Country("CA")
            -            .Regions("US", "NY", "TX"));
            -        handoff.Territory("West", t => t.Country("MX"));
            +            .Regions("US", "NY"));
            +        handoff.Territory("West", t => t.Regions("US", "TX").Country("MX"));
                     handoff.Member("a", "A", m => m.DailyCap(Cap));
                     handoff.Member("b", "B", m => m.DailyCap(Cap));
                     handoff.Member("c", "C", m => m.DailyCap(Cap));

            """, Diff(new TerritoryClaimEdit("US", "TX", "East", "West")));
    }

    [Fact]
    public void A_named_cap_shared_with_a_member_outside_the_queue_is_changed_at_the_members_not_at_its_declaration()
    {
        var diff = Diff(new DailyCapEdit("Desk", ["a", "b"], 20, 30));
        Assert.Contains("-        handoff.Member(\"a\", \"A\", m => m.DailyCap(Cap));\n-        handoff.Member(\"b\", \"B\", m => m.DailyCap(Cap));\n+        handoff.Member(\"a\", \"A\", m => m.DailyCap(30));", diff, StringComparison.Ordinal);
        Assert.Contains("+        handoff.Member(\"b\", \"B\", m => m.DailyCap(30));", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("const int Cap", diff, StringComparison.Ordinal);

        Assert.Contains("-    private const int Cap = 20;\n+    private const int Cap = 30;", Diff(new DailyCapEdit("Desk", ["a", "b", "c"], 20, 30)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_that_is_not_in_the_sources_is_a_reason_not_a_diff()
    {
        var (changes, why) = new RouteRemovalEdit("Partners", DateTimeOffset.UnixEpoch).Locate(RulesSource.Load(_folder), "TeamPlaybook");
        Assert.Null(changes);
        Assert.Equal("no Route(\"Partners\", ...) call in TeamPlaybook's sources (built from data, or under another name)", why);
    }
}
