using System.Text.Json;
using HandoffRules.Intake;
using HandoffRules.Simulation;

namespace HandoffRules.Tests.Simulation;

public sealed class DraftRecordTests
{
    private static string Json(LeadInput lead) => JsonSerializer.Serialize(lead);

    public static TheoryData<string> Drafts => new()
    {
        "every field",
        "no field",
        "text beyond ASCII",
        "a lead without an event time",
    };

    private static LeadInput Draft(string name) => name switch
    {
        "every field" => new LeadInput
        {
            Id = "L000042", Email = "ada@example.com", FirstName = "Ada", LastName = "Lovelace", Company = "Analytical Engines", JobTitle = "CTO",
            Phone = "555-010-0199", Country = "GB", State = "", PostalCode = "N1 9GU", City = "London", Employees = "51-200", AnnualRevenue = "$12.5M",
            Source = "demo_request", Score = 87, Signals = ["pricing_page", "invited_teammate"],
            Event = new LeadEventInput { Type = "demo_request", Detail = "/demo", OccurredAt = new DateTimeOffset(2026, 11, 3, 9, 15, 42, TimeSpan.FromHours(-5.5)) },
        },
        "no field" => new LeadInput(),
        "text beyond ASCII" => new LeadInput { FirstName = "Zoë", LastName = "Ångström", Company = "株式会社テスト", City = "São Paulo 🏙", Score = 0, Signals = [] },
        _ => new LeadInput { Id = "L9", Event = new LeadEventInput { Type = "form_submission" } },
    };

    [Theory]
    [MemberData(nameof(Drafts))]
    public void A_draft_comes_back_from_a_spill_as_it_went_in(string name)
    {
        var draft = Draft(name);
        var bytes = new DraftBytes();
        DraftRecord.Write(bytes, draft, 638_000_000_000_000_000, 7);

        using var spill = new DraftSpill();
        spill.Append(bytes.Written);
        spill.Rewind();

        Assert.True(spill.TryRead(out var back, out var ticks, out var draw));
        Assert.Equal(Json(draft), Json(back));
        Assert.Equal(draft.Event?.OccurredAt?.Offset, back.Event?.OccurredAt?.Offset);
        Assert.Equal((638_000_000_000_000_000, 7), (ticks, draw));
        Assert.False(spill.TryRead(out _, out _, out _));
    }

    [Fact]
    public void Drafts_larger_than_the_spills_buffer_come_back_whole_and_in_order()
    {
        // A company name of 100,000 characters is larger than the buffer a spill writes and reads through.
        var drafts = Enumerable.Range(0, 50).Select(i => new LeadInput { Id = $"L{i}", Company = new string((char)('a' + (i % 26)), i % 10 == 3 ? 100_000 : i * 97) }).ToList();
        var bytes = new DraftBytes();
        using var spill = new DraftSpill();
        foreach (var (draft, i) in drafts.Select((d, i) => (d, i)))
        {
            bytes.Clear();
            DraftRecord.Write(bytes, draft, i, i);
            spill.Append(bytes.Written);
        }

        spill.Rewind();
        var back = new List<LeadInput>();
        while (spill.TryRead(out var lead, out _, out _))
        {
            back.Add(lead);
        }

        Assert.Equal(drafts.Select(Json), back.Select(Json));
    }

    [Fact]
    public void Text_that_would_not_come_back_the_same_is_refused_when_it_is_written()
    {
        // A lone surrogate has no UTF-8 form: kept, it would come back as another character.
        var bytes = new DraftBytes();
        Assert.ThrowsAny<ArgumentException>(() => DraftRecord.Write(bytes, new LeadInput { FirstName = "Ad\uD800a" }, 0, 0));
    }
}
