using HandoffRules.Intake;
using HandoffRules.Model;

namespace HandoffRules.Tests.Intake;

public sealed class LeadNormalizerTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("USA", "US")]
    [InlineData("U.S.A.", "US")]
    [InlineData("U.S.", "US")]
    [InlineData("United States", "US")]
    [InlineData("united states of america", "US")]
    [InlineData(" uk ", "GB")]
    [InlineData("England", "GB")]
    [InlineData("Deutschland", "DE")]
    [InlineData("Österreich", "AT")]
    [InlineData("de", "DE")]
    public void Country_names_and_aliases_become_iso_codes(string written, string code)
    {
        var lead = Normalize(new LeadInput { Id = "1", Country = written });
        Assert.Equal(code, lead.Country);
    }

    [Fact]
    public void A_fixed_country_is_noted_and_an_unknown_one_is_left_empty_with_a_note()
    {
        var fixedLead = Normalize(new LeadInput { Id = "1", Country = "U.S.A." });
        Assert.Equal("Country: 'U.S.A.' read as US", fixedLead.Notes.Single().ToString());

        var unknown = Normalize(new LeadInput { Id = "2", Country = "Narnia" });
        Assert.Null(unknown.Country);
        Assert.Equal("Country: 'Narnia' is not a known country; left empty", unknown.Notes.Single().ToString());

        Assert.Empty(Normalize(new LeadInput { Id = "3", Country = "US" }).Notes);
    }

    [Theory]
    [InlineData("US", "california", "CA")]
    [InlineData("US", " CALIFORNIA ", "CA")]
    [InlineData("US", "ny", "NY")]
    [InlineData("US", "Washington D.C.", "DC")]
    [InlineData("Canada", "Québec", "QC")]
    [InlineData("CA", "Ontario", "ON")]
    [InlineData("Australia", "new south wales", "NSW")]
    public void State_and_province_names_become_codes(string country, string state, string code)
    {
        Assert.Equal(code, Normalize(new LeadInput { Id = "1", Country = country, State = state }).State);
    }

    [Fact]
    public void A_full_state_name_without_a_country_implies_the_country()
    {
        var lead = Normalize(new LeadInput { Id = "1", State = "Texas" });
        Assert.Equal(("US", "TX"), (lead.Country, lead.State));
        Assert.Contains(lead.Notes, n => n.Field == LeadField.Country && n.Note.Contains("inferred", StringComparison.Ordinal));

        // "CA" alone could be California or Canada: no guess.
        Assert.Null(Normalize(new LeadInput { Id = "2", State = "CA" }).Country);
    }

    [Theory]
    [InlineData("250", 250, false)]
    [InlineData("51-200", 51, true)]
    [InlineData("1,000+", 1000, true)]
    [InlineData("10,001+", 10001, true)]
    [InlineData("5001-10,000", 5001, true)]
    [InlineData("about 300", 300, true)]
    public void Employee_counts_and_ranges_become_numbers(string written, int employees, bool noted)
    {
        var lead = Normalize(new LeadInput { Id = "1", Employees = written });
        Assert.Equal(employees, lead.Employees);
        Assert.Equal(noted, lead.Notes.Any(n => n.Field == LeadField.Employees));
    }

    [Fact]
    public void Employees_that_are_not_a_number_are_left_empty_with_a_note()
    {
        var lead = Normalize(new LeadInput { Id = "1", Employees = "lots" });
        Assert.Null(lead.Employees);
        Assert.Equal("Employees: 'lots' is not a number of employees; left empty", lead.Notes.Single().ToString());
    }

    [Theory]
    [InlineData("125000000", 125_000_000)]
    [InlineData("$125M", 125_000_000)]
    [InlineData("1.2B", 1_200_000_000)]
    [InlineData("$4,500,000", 4_500_000)]
    [InlineData("750K", 750_000)]
    public void Revenue_text_becomes_dollars(string written, long revenue)
    {
        Assert.Equal(revenue, Normalize(new LeadInput { Id = "1", AnnualRevenue = written }).AnnualRevenue);
    }

    [Fact]
    public void Email_gives_a_lower_case_domain_and_free_mail_is_flagged()
    {
        var work = Normalize(new LeadInput { Id = "1", Email = "  Dana.Whitfield@Northwind-Traders.com " });
        Assert.Equal(("Dana.Whitfield@Northwind-Traders.com", "northwind-traders.com", false), (work.Email, work.Domain, work.IsFreeMail));

        Assert.True(Normalize(new LeadInput { Id = "2", Email = "someone@GMAIL.com" }).IsFreeMail);

        var broken = Normalize(new LeadInput { Id = "3", Email = "not-an-address" });
        Assert.Null(broken.Domain);
        Assert.Contains(broken.Notes, n => n.Field == LeadField.Email);
    }

    [Fact]
    public void Names_in_one_case_get_capitals_and_stray_spaces_go()
    {
        var lead = Normalize(new LeadInput { Id = "1", FirstName = "DANA", LastName = "  whitfield ", Company = "  Northwind   Traders " });
        Assert.Equal(("Dana", "Whitfield", "Northwind Traders"), (lead.FirstName, lead.LastName, lead.Company));
        Assert.Equal(2, lead.Notes.Count);
        Assert.Equal("McDonald", Normalize(new LeadInput { Id = "2", LastName = "McDonald" }).LastName);
    }

    [Theory]
    [InlineData("PAID_SEARCH", LeadSource.Paid)]
    [InlineData("organic", LeadSource.Organic)]
    [InlineData("Demo request", LeadSource.DemoRequest)]
    [InlineData("product_signup", LeadSource.ProductSignup)]
    [InlineData("REFERRALS", LeadSource.Referral)]
    [InlineData("OFFLINE", LeadSource.Events)]
    public void Sources_are_read_from_the_ways_crms_write_them(string written, LeadSource source)
    {
        Assert.Equal(source, Normalize(new LeadInput { Id = "1", Source = written }).Source);
    }

    [Fact]
    public void Scores_outside_the_scale_are_clamped_and_signals_lower_cased_once()
    {
        var lead = Normalize(new LeadInput { Id = "1", Score = 140, Signals = ["Pricing_Page", "pricing_page", " "] });
        Assert.Equal(100, lead.Score);
        Assert.Equal(["pricing_page"], lead.Signals);
        Assert.Contains(lead.Notes, n => n.Field == LeadField.Score);
    }

    [Fact]
    public void The_event_defaults_to_a_form_submission_at_the_time_of_receipt()
    {
        var lead = Normalize(new LeadInput { Id = "1" });
        Assert.Equal(new LeadEvent(LeadEventType.FormSubmission, null, Received), lead.Event);

        var demo = Normalize(new LeadInput { Id = "2", Event = new LeadEventInput { Type = "demo_request", OccurredAt = Received.AddHours(-1) } });
        Assert.Equal((LeadEventType.DemoRequest, Received.AddHours(-1)), (demo.Event.Type, demo.ArrivedAt));
    }

    [Fact]
    public void A_missing_id_or_an_unknown_event_type_stops_the_record_naming_the_field()
    {
        var noId = LeadNormalizer.Normalize(new LeadInput { Email = "a@b.com" }, Received);
        Assert.Equal("id", noId.Error!.Field);

        var badEvent = LeadNormalizer.Normalize(new LeadInput { Id = "1", Event = new LeadEventInput { Type = "webinar_attended" } }, Received);
        Assert.Equal("event.type", badEvent.Error!.Field);
        Assert.Contains("'webinar_attended' is not an event type", badEvent.Error.Problem, StringComparison.Ordinal);
    }

    private static Lead Normalize(LeadInput input)
    {
        var result = LeadNormalizer.Normalize(input, Received);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Lead!;
    }
}
