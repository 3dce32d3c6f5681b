using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;

namespace HandoffRules.Host.Tests;

/// <summary>The authenticated SDR API over real HTTP: actions, refusals that name the problem, reads.</summary>
public sealed class SdrApiTests : IAsyncLifetime
{
    private RunningHost _host = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        _host = await RunningHost.StartAsync(input:
        [
            Leads.Line(Leads.DemoRequest("D1", now)),
            Leads.Line(Leads.DemoRequest("D2", now.AddSeconds(1)) with { Email = "d2@other.example" }),
            Leads.Line(Leads.DemoRequest("NO_TITLE", now.AddSeconds(2), jobTitle: null) with { Email = "nt@third.example" }),
        ]);
        await _host.WaitForAsync(c => c.Routed == 3);
        _api = _host.Client(RunningHost.IntegrationKey);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _host.DisposeAsync();
    }

    private Task<HttpResponseMessage> Act(string lead, string action, object? body = null, HttpClient? client = null) =>
        (client ?? _api).PostAsJsonAsync($"/api/leads/{lead}/{action}", body ?? new { });

    private static async Task<string> Detail(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task A_rejection_with_a_reason_the_playbook_does_not_define_is_refused_with_400_and_the_lead_is_unchanged()
    {
        var before = await _host.Store.GetLeadAsync("D1", CancellationToken.None);
        var eventsBefore = (await _host.Store.GetEventsAsync("D1", null, null, CancellationToken.None)).Count;

        var response = await Act("D1", "reject", new { reason = "TOO_LAZY" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("'TOO_LAZY' is not a reject reason of the playbook; use one of NO_BUDGET", await Detail(response), StringComparison.Ordinal);
        Assert.Equal(before, await _host.Store.GetLeadAsync("D1", CancellationToken.None));
        Assert.Equal(eventsBefore, (await _host.Store.GetEventsAsync("D1", null, null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Touch_accept_and_meeting_move_the_lead_through_its_lifecycle_and_meet_the_first_touch_sla()
    {
        Assert.Equal(HttpStatusCode.OK, (await Act("D1", "touch")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Act("D1", "accept")).StatusCode);
        var meeting = await Act("D1", "meeting_booked");

        Assert.Equal(HttpStatusCode.OK, meeting.StatusCode);
        using var view = JsonDocument.Parse(await meeting.Content.ReadAsStringAsync());
        Assert.Equal(("Meeting booked", "SQL"), (view.RootElement.GetProperty("status").GetString(), view.RootElement.GetProperty("stage").GetString()));
        var deadlines = view.RootElement.GetProperty("deadlines").EnumerateArray().ToDictionary(d => d.GetProperty("sla").GetString()!, d => d.GetProperty("state").GetString());
        Assert.Equal("met", deadlines["Demo first touch"]);
        Assert.Equal("met", deadlines["Acceptance"]);
        Assert.Contains(view.RootElement.GetProperty("trace").EnumerateArray(), s => s.GetProperty("stage").GetString() == "Route" && s.GetProperty("result").GetString() == "Chosen");
    }

    [Fact]
    public async Task A_transition_the_lifecycle_does_not_allow_is_refused_with_409_naming_it()
    {
        var response = await Act("D2", "meeting_booked");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("lead 'D2' is 'New'; MeetingBooked would move it to 'Meeting booked', which the lifecycle does not allow (from 'New': Attempting, Accepted, Rejected)", await Detail(response));
    }

    [Fact]
    public async Task A_stage_whose_required_fields_are_missing_is_refused_with_422()
    {
        var response = await Act("NO_TITLE", "accept");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("lead 'NO_TITLE' cannot enter stage 'SAL' without JobTitle", await Detail(response));
    }

    [Fact]
    public async Task A_misrouted_rejection_goes_back_to_triage_and_counts_as_a_misroute()
    {
        var response = await Act("D2", "reject", new { reason = "WRONG_TERRITORY" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lead = await _host.Store.GetLeadAsync("D2", CancellationToken.None);
        Assert.Equal(("Lead Triage", "New"), (lead!.Queue, lead.Status));
        var reassigned = Assert.Single(await _host.Store.GetEventsAsync("D2", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.Reassigned);
        Assert.True(reassigned.Flag("misroute"));
    }

    [Fact]
    public async Task The_api_needs_a_key_and_a_members_key_acts_only_on_that_members_leads()
    {
        using var anonymous = _host.Client();
        using var olivia = _host.Client(RunningHost.OliviaKey);
        using var wrong = _host.Client("not-a-key-not-a-key-not-a-key");
        var owner = (await _host.Store.GetLeadAsync("D2", CancellationToken.None))!.Member;

        Assert.Equal(HttpStatusCode.Unauthorized, (await Act("D1", "touch", client: anonymous)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Act("D1", "touch", client: wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/leads/D1")).StatusCode);
        var response = await Act("D2", "touch", client: olivia);
        Assert.Equal(owner == "olivia.bennett" ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_leads_and_actions_are_404_and_reads_show_state_and_queue_load()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Act("NOPE", "touch")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Act("D1", "archive")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/api/leads/NOPE")).StatusCode);

        using var lead = JsonDocument.Parse(await _api.GetStringAsync("/api/leads/D1"));
        Assert.Equal("NA Enterprise", lead.RootElement.GetProperty("queue").GetString());
        Assert.Equal("Hand-raiser", lead.RootElement.GetProperty("decision").GetProperty("definition").GetString());
        using var queues = JsonDocument.Parse(await _api.GetStringAsync("/api/queues"));
        var enterprise = queues.RootElement.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "NA Enterprise");
        Assert.True(enterprise.GetProperty("open").GetInt32() >= 2);
    }

    [Fact]
    public async Task A_leads_view_shows_its_events_without_the_contact_details_the_log_keeps_for_backtests()
    {
        var view = await _api.GetStringAsync("/api/leads/D1");

        Assert.Contains(HandoffEventTypes.Routed, view, StringComparison.Ordinal);
        Assert.DoesNotContain("d1@bigbuyer.example", view, StringComparison.Ordinal);
        Assert.DoesNotContain("Quill", view, StringComparison.Ordinal);
        var routed = (await _host.Store.GetEventsAsync("D1", null, null, CancellationToken.None)).Single(e => e.Type == HandoffEventTypes.Routed);
        Assert.Equal("d1@bigbuyer.example", routed.Data["input"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_action_sent_twice_with_one_id_is_applied_once()
    {
        await Act("D1", "touch", new { id = "touch-1" });
        await Act("D1", "touch", new { id = "touch-1" });

        var touches = (await _host.Store.GetEventsAsync("D1", null, null, CancellationToken.None)).Count(e => e.Type == HandoffEventTypes.Touched);
        Assert.Equal(1, touches);
    }
}
