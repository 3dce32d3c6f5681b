using System.Text.Json;
using HandoffRules.Intake;
using HandoffRules.Simulation;

namespace HandoffRules.Tests.Simulation;

public sealed class LeadGeneratorTests
{
    private static string Json(IEnumerable<LeadInput> leads) => string.Join('\n', leads.Select(l => JsonSerializer.Serialize(l)));

    [Fact]
    public void The_same_seed_gives_the_same_leads_and_another_seed_others()
    {
        var first = Json(new LeadGenerator(5).Generate(500));
        Assert.Equal(first, Json(new LeadGenerator(5).Generate(500)));
        Assert.NotEqual(first, Json(new LeadGenerator(6).Generate(500)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(333)]
    [InlineData(2_999)]
    public void Leads_sorted_a_chunk_at_a_time_on_disk_are_the_leads_sorted_in_memory(int inMemory)
    {
        var generator = new LeadGenerator(9, days: 3);
        Assert.Equal(Json(generator.Generate(3_000)), Json(generator.Generate(3_000, inMemory)));
        Assert.Empty(Spills());

        // A run given up half way leaves no sorted chunks behind either.
        Assert.Equal(10, generator.Generate(3_000, 500).Take(10).Count());
        Assert.Empty(Spills());
    }

    [Fact]
    public void A_repeat_pool_that_never_fills_draws_the_leads_of_an_unbounded_one()
    {
        // 30,000 leads put about 6,200 earlier leads in the pool: a bound above that changes nothing;
        // one below it changes which lead some later repeats copy (and, since a copy draws by what it
        // copies, the draws after it).
        var generator = new LeadGenerator(8);
        var unbounded = generator.Generate(30_000, 50_000, repeatPool: int.MaxValue).ToList();
        Assert.Equal(Json(unbounded), Json(generator.Generate(30_000, 50_000, repeatPool: 6_500)));

        var bounded = generator.Generate(30_000, 50_000, repeatPool: 5_500).ToList();
        Assert.NotEqual(Json(unbounded), Json(bounded));
        Assert.Equal(30_000, bounded.Count);
    }

    private static string[] Spills() => Directory.GetFiles(Path.GetTempPath(), $"handoff-leads-{Environment.ProcessId}-*");

    [Fact]
    public void Leads_come_in_arrival_order_with_sequential_ids_inside_the_window()
    {
        var leads = new LeadGenerator(1, days: 3).Generate(1000).ToList();

        Assert.Equal(Enumerable.Range(1, 1000).Select(i => $"L{i:D6}"), leads.Select(l => l.Id));
        var times = leads.Select(l => l.Event!.OccurredAt!.Value).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(times, t => Assert.InRange(t, LeadGenerator.DefaultStart.AddDays(-1), LeadGenerator.DefaultStart.AddDays(4)));
    }

    [Fact]
    public void The_mix_looks_like_a_b2b_funnel()
    {
        var leads = new LeadGenerator(3, new LeadMix { AccountDomains = ["globex.com"] }).Generate(5000).ToList();
        double Share(Func<LeadInput, bool> predicate) => leads.Count(predicate) / 5000.0;

        Assert.InRange(Share(l => l.Country is "US" or "USA" or "United States" or "U.S.A." or "U.S." or "united states" or "United States of America" or "us" or "America"), 0.35, 0.5);
        Assert.InRange(Share(l => l.Source == "demo_request"), 0.08, 0.16);
        Assert.InRange(Share(l => l.Country is null), 0.02, 0.07);
        Assert.InRange(Share(l => l.Email!.EndsWith("globex.com", StringComparison.Ordinal)), 0.03, 0.09);
        Assert.InRange(Share(l => l.Employees is { } e && e.Contains('-', StringComparison.Ordinal)), 0.2, 0.45);
        Assert.Contains(leads, l => l.Signals!.Contains("invited_teammate"));
        Assert.Contains(leads, l => l.Event!.Type == "high_intent_page_view" && l.Event.Detail!.StartsWith("/pricing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mix_share_outside_zero_to_one_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new LeadGenerator(1, new LeadMix { DuplicateShare = 1.5 }));
        Assert.Contains("DuplicateShare", error.Message, StringComparison.Ordinal);
    }
}
