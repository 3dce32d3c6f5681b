using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.SegmentBandsAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class SegmentBandsAnalyzerTests
{
    [Fact]
    public Task A_gap_between_bands_is_an_error() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Segment("SMB", s => s.Employees(1, 199));
                handoff.Segment("Mid-Market", s => s.{|HR2003:Employees(201, 999)|});
                handoff.Segment("Enterprise", s => s.Employees(1000));
            }
        }
        """);

    [Fact]
    public Task Overlapping_bands_and_a_closed_top_are_errors() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Segment("SMB", s => s.Employees(1, 250));
                handoff.Segment("Mid-Market", s => s.{|HR2002:Employees(200, 999)|});
                handoff.Segment("Enterprise", s => s.{|HR2003:Employees(1000, 50000)|});
            }
        }
        """);

    [Fact]
    public Task Revenue_bands_are_checked_on_their_own() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Segment("SMB", s => s.Employees(1, 199).{|HR2003:Revenue(1_000_000, 19_999_999)|});
                handoff.Segment("Enterprise", s => s.Employees(200).Revenue(20_000_000));
            }
        }
        """);

    [Fact]
    public Task Bands_that_tile_the_range_are_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Segment("SMB", s => s.Employees(1, 199).Revenue(0, 19_999_999));
                handoff.Segment("Mid-Market", s => s.Employees(200, 999).Revenue(20_000_000, 249_999_999));
                handoff.Segment("Enterprise", s => s.Employees(1000).Revenue(250_000_000));
            }
        }
        """);
}
