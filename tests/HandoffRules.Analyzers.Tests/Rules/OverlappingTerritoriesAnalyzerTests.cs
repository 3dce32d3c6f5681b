using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.OverlappingTerritoriesAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class OverlappingTerritoriesAnalyzerTests
{
    [Fact]
    public Task The_same_country_claimed_twice_is_reported_at_both_claims() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("UK", t => t.Country({|HR2001:"GB"|}));
                handoff.Territory("Britain", t => t.Country({|HR2001:"United Kingdom"|}));
            }
        }
        """);

    [Fact]
    public Task A_whole_country_overlaps_its_states_and_aliases_and_case_do_not_hide_it() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("West", t => t.Regions("US", {|HR2001:"ca"|}, {|HR2001:"WA"|}));
                handoff.Territory("California", t => t.Regions("USA", {|HR2001:"CA"|}));
                handoff.Territory("Texas", t => t.Regions("US", {|HR2001:"TX"|}));
                handoff.Territory("Whole US", t => t.Country({|HR2001:"U.S."|}));
            }
        }
        """);

    [Fact]
    public Task Postal_prefixes_that_contain_each_other_overlap() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("London", t => t.PostalPrefixes("GB", {|HR2001:"EC"|}, "WC"));
                handoff.Territory("The City", t => t.PostalPrefixes("GB", {|HR2001:"EC1"|}));
                handoff.Territory("North", t => t.PostalPrefixes("GB", "M", "LS"));
            }
        }
        """);

    [Fact]
    public Task Overlaps_across_partial_files_are_reported_in_both_files() => Verify.VerifyAsync(
        """
        public sealed partial class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("DACH", t => t.Countries("DE", {|HR2001:"AT"|}, "CH"));
                Europe(handoff);
            }
        }
        """,
        """
        public sealed partial class Acme
        {
            private static void Europe(PlaybookBuilder handoff) => handoff.Territory("Central Europe", t => t.Countries({|HR2001:"Austria"|}, "CZ"));
        }
        """);

    [Fact]
    public Task Unknown_countries_and_regions_are_errors() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("Myth", t => t.Country({|HR2007:"Atlantis"|}));
                handoff.Territory("US", t => t.Regions("US", {|HR2007:"Narnia"|}, "NY"));
            }
        }
        """);

    [Fact]
    public Task Disjoint_territories_are_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("West", t => t.Regions("US", "CA", "WA", "OR"));
                handoff.Territory("East", t => t.Regions("United States", "New York", "MA"));
                handoff.Territory("Canada", t => t.Country("Canada"));
                handoff.Territory("London", t => t.PostalPrefixes("GB", "EC", "WC"));
                handoff.Territory("Manchester", t => t.PostalPrefixes("GB", "M"));
            }
        }
        """);

    [Fact]
    public Task A_place_claimed_twice_by_one_territory_is_redundant_not_an_overlap() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("DACH", t => t.Countries("DE", "Germany", "AT", "CH"));
                handoff.Territory("US", t => t.Country("US").Regions("US", "CA"));
            }
        }
        """);

    [Fact]
    public Task Every_region_and_postal_prefix_of_one_country_held_by_different_territories_is_reported() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("West", t => t.Regions("US", {|HR2001:"CA"|}, {|HR2001:"WA"|}));
                handoff.Territory("East", t => t.Regions("US", {|HR2001:"NY"|}));
                handoff.Territory("Manhattan", t => t.PostalPrefixes("US", {|HR2001:"100"|}, {|HR2001:"101"|}));
            }
        }
        """);
}
