using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

/// <summary>
/// Routing reads a lead's place and domain by the integer keys intake works out (<see cref="LeadKeys"/>);
/// a text without a key is read as text. Either way the answer must be the one the text gives.
/// </summary>
public sealed class LeadKeysTests
{
    private static readonly string[] PostalCodes = ["94105", "9410", "941", "9", "SW1A1AA", "SW1A", "K1A0B1", "75008", "750", "0750", "1234567890"];

    [Fact]
    public void A_postal_key_cut_to_a_prefix_length_equals_the_prefix_key_exactly_when_the_code_starts_with_it()
    {
        foreach (var code in PostalCodes)
        {
            foreach (var prefix in PostalCodes)
            {
                var cut = LeadKeys.PostalPrefix(LeadKeys.Postal(code), prefix.Length);
                Assert.True((cut == LeadKeys.Postal(prefix)) == code.StartsWith(prefix, StringComparison.Ordinal), $"{code} / {prefix}");
            }
        }

        // Texts a key cannot hold are left to the text lookup.
        Assert.Equal(0UL, LeadKeys.Postal("12345678901"));
        Assert.Equal(0UL, LeadKeys.Postal("sw1a"));
        Assert.Equal(0UL, LeadKeys.Postal("SW1A 1AA"));
    }

    [Fact]
    public void Domain_keys_are_the_domain_and_its_parents_without_regard_to_case()
    {
        var keys = LeadKeys.Domain("eu.Northwind.com");
        Assert.Equal(2, keys.Count);
        Assert.Equal(LeadKeys.Hash("eu.northwind.com"), keys[0]);
        Assert.Equal(LeadKeys.Hash("northwind.com"), keys[1]);
        Assert.Equal(0, LeadKeys.Domain("mail.eu.west.corp.northwind.com").Count);
        Assert.Equal(0, LeadKeys.Domain("müller.de").Count);
        Assert.Equal(0, LeadKeys.Country("us"));
        Assert.NotEqual(LeadKeys.Region("NY"), LeadKeys.Region("NSW"));
    }

    [Fact]
    public void A_changed_place_or_domain_carries_its_own_keys()
    {
        var router = Router.Compile(TestPlaybooks.Small());
        var east = TestPlaybooks.Lead() with { Domain = "bigco.com" };

        Assert.Equal("Bigco", router.Classify(east).Account!.Name);
        Assert.Null(router.Classify(east with { Domain = "smallco.com" }).Account);
        Assert.Equal("UK", router.Classify(east with { Domain = "x.com", Country = "GB", State = null }).Territory!.Name);
        Assert.Null(router.Classify(east with { Domain = "x.com", State = "CA" }).Territory);
        Assert.Equal(east with { }, east);
    }

    [Theory]
    [InlineData("eu.bigco.com", "Bigco")]
    [InlineData("EU.BigCo.COM", "Bigco")]
    [InlineData("a.b.c.d.e.bigco.com", "Bigco")]
    [InlineData("bigco.com.evil.io", null)]
    [InlineData("bígco.com", null)]
    [InlineData("com", null)]
    public void An_account_matches_the_same_by_key_and_by_text(string domain, string? account)
    {
        var router = Router.Compile(TestPlaybooks.Small());

        Assert.Equal(account, router.Classify(TestPlaybooks.Lead() with { Domain = domain }).Account?.Name);
    }

    [Fact]
    public void Postal_prefixes_that_fit_no_key_are_matched_by_text()
    {
        // A prefix longer than a key holds sends the country's lookups to the text, with the same answers.
        var router = Router.Compile(TestPlaybooks.Small(p => p
            .Territory("Paris", t => t.PostalPrefixes("FR", "75"))
            .Territory("One street", t => t.PostalPrefixes("FR", "69001234567"))));
        var lead = TestPlaybooks.Lead() with { Country = "FR", State = null };

        Assert.Equal("Paris", router.Classify(lead with { PostalCode = "75008" }).Territory!.Name);
        Assert.Equal("One street", router.Classify(lead with { PostalCode = "690012345678" }).Territory!.Name);
        Assert.Null(router.Classify(lead with { PostalCode = "69001" }).Territory);
    }

    [Fact]
    public void Intake_gives_a_lead_the_keys_of_its_place_and_domain()
    {
        var input = new LeadInput
        {
            Id = "L1",
            Email = "ana@EU.Northwind.com",
            Country = "United States",
            State = "New York",
            PostalCode = "10001",
            Event = new LeadEventInput { Type = "form_submission" },
        };

        var lead = LeadNormalizer.Normalize(input, TestPlaybooks.Monday10Am).Lead!;

        Assert.Equal((LeadKeys.Country("US"), LeadKeys.Region("NY"), LeadKeys.Postal("10001")), (lead.CountryKey, lead.RegionKey, lead.PostalKey));
        Assert.Equal(LeadKeys.Domain("eu.northwind.com"), lead.DomainKeys);
    }
}
