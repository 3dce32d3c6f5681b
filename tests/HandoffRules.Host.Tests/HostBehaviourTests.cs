using System.Net;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;
using HandoffRules.TestRules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HandoffRules.Host.Tests;

/// <summary>Options, telemetry, privacy, e-mail, SLA breaches and a graceful stop.</summary>
public sealed class HostBehaviourTests
{
    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Handoff:Slack:WebhookUrl"] = "ftp://hooks.example/x",
            ["Handoff:ApiKeys:0:Key"] = "short",
            ["Handoff:BatchSize"] = "0",
        }));

        Assert.Contains(error.Failures, f => f.Contains("Handoff:Slack: the webhook for (default) is not an http(s) URL", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Handoff:ApiKeys:0:Key is shorter than 16 characters", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("BatchSize", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_meter_counts_leads_ingested_and_routed_and_times_decisions()
    {
        await using var host = await RunningHost.StartAsync();
        var meters = host.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var ingested = new MetricCollector<long>(meters, HandoffMetrics.MeterName, "handoff.leads.ingested");
        using var routed = new MetricCollector<long>(meters, HandoffMetrics.MeterName, "handoff.leads.routed");
        using var latency = new MetricCollector<double>(meters, HandoffMetrics.MeterName, "handoff.decision.duration");

        var queue = host.App.Services.GetRequiredService<HandoffRules.Host.Processing.HandoffQueue>();
        foreach (var lead in Leads.Generated(50, at: DateTimeOffset.UtcNow))
        {
            await queue.EnqueueAsync(new HandoffRules.Host.Inputs.LeadWork("test", lead.Id!, lead.Id!, lead, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        var counts = await host.WaitForAsync(c => c.Ingested == 50);

        Assert.Equal(50, ingested.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(counts.Routed, routed.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(50, latency.GetMeasurementSnapshot().Count);
        Assert.Contains(ingested.GetMeasurementSnapshot(), m => (string?)m.Tags["outcome"] == HandoffOutcome.Disqualified);
    }

    [Fact]
    public async Task No_log_line_carries_a_leads_email_name_or_phone()
    {
        var leads = Leads.Generated(200, at: DateTimeOffset.UtcNow);
        await using var host = await RunningHost.StartAsync(input: [.. leads.Select(Leads.Line), """{"id":"BAD","score":"x","email":"secret.person@pii.example"}"""]);
        await host.WaitForAsync(c => c.Ingested == 201);

        var logs = string.Join('\n', host.Logs);
        Assert.Contains("Lead L000001:", logs, StringComparison.Ordinal);
        foreach (var lead in leads)
        {
            Assert.DoesNotContain(lead.Email!, logs, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(lead.Phone!, logs, StringComparison.Ordinal);
            Assert.DoesNotContain($"{lead.FirstName} {lead.LastName}", logs, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("secret.person", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(RunningHost.HubSpotSecret, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_email_alert_to_the_owner_is_sent_over_smtp()
    {
        using var smtp = new SmtpStub();
        await using var host = await RunningHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Handoff:Smtp:Host"] = "127.0.0.1",
                ["Handoff:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Handoff:Smtp:From"] = "handoff@acme-analytics.example",
            },
            input: [Leads.Line(Leads.DemoRequest("D1", DateTimeOffset.UtcNow))]);

        await host.WaitForAsync(c => c.Routed == 1);
        var owner = (await host.Store.GetLeadAsync("D1", CancellationToken.None))!.Member;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (smtp.Messages.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var (to, data) = Assert.Single(smtp.Messages);
        Assert.Equal($"{owner}@acme-analytics.example", to);
        Assert.Contains("Subject: Demo request: lead D1", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_breach_escalates_once_and_a_touch_in_time_meets_the_sla()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        await using var host = await RunningHost.StartAsync(
            playbook: new AroundTheClockPlaybook().Build(),
            services: s => s.AddSingleton<TimeProvider>(clock),
            input:
            [
                Leads.Line(Leads.DemoRequest("SLOW", clock.GetUtcNow())),
                Leads.Line(Leads.DemoRequest("FAST", clock.GetUtcNow()) with { Email = "fast@other.example" }),
                """{"kind":"sdr_action","id":"t1","lead_id":"FAST","action":"touch","at":"2026-11-25T12:00:30Z"}""",
            ]);
        await host.WaitForAsync(c => c.Routed == 2 && c.ActionsApplied == 1);

        // The one-minute SLA: move the clock past it, in steps the services' delays notice.
        for (var i = 0; i < 30; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(3));
            await Task.Delay(20);
        }

        var slow = await WaitForEventAsync(host, "SLOW", HandoffEventTypes.Escalated);
        Assert.Equal("Leads", slow.Text("queue"));
        Assert.Equal("lead", slow.Text("member"));
        var events = await host.Store.GetEventsAsync(null, null, null, CancellationToken.None);
        var breach = Assert.Single(events, e => e.Type == HandoffEventTypes.SlaBreached);
        Assert.Equal("SLOW", breach.LeadId);
        Assert.Single(events, e => e.Type == HandoffEventTypes.SlaMet && e.LeadId == "FAST");
        Assert.Equal("Leads", (await host.Store.GetLeadAsync("SLOW", CancellationToken.None))!.Queue);

        // Live, a breach is a warning as it happens (a replay counts them in one line at its end instead).
        Assert.Single(host.Logs, l => l.StartsWith("Warning ", StringComparison.Ordinal) && l.Contains("[1020] SLA 'First touch' breached for lead SLOW", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_host_finishes_the_work_it_accepted()
    {
        var host = await RunningHost.StartAsync();
        var queue = host.App.Services.GetRequiredService<HandoffRules.Host.Processing.HandoffQueue>();
        foreach (var lead in Leads.Generated(2000, at: DateTimeOffset.UtcNow))
        {
            await queue.EnqueueAsync(new HandoffRules.Host.Inputs.LeadWork("test", lead.Id!, lead.Id!, lead, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        await host.App.StopAsync();
        var counts = await host.Store.CountAsync(CancellationToken.None);
        await host.DisposeAsync();

        Assert.Equal(2000, counts.Ingested);
    }

    [Fact]
    public async Task A_processor_stopped_before_its_first_turn_still_finishes_the_work_it_accepted()
    {
        // A hosted service's work starts on a thread of its own once started; a stop that comes first
        // (an already-cancelled start here, the same as a stop in that gap) must not drop what was queued.
        await using var host = await RunningHost.StartAsync();
        var running = host.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<HandoffRules.Host.Processing.HandoffProcessor>().Single();
        await running.StopAsync(CancellationToken.None);
        var queue = host.App.Services.GetRequiredService<HandoffRules.Host.Processing.HandoffQueue>();
        foreach (var lead in Leads.Generated(300, at: DateTimeOffset.UtcNow))
        {
            await queue.EnqueueAsync(new HandoffRules.Host.Inputs.LeadWork("test", lead.Id!, lead.Id!, lead, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        var processor = ActivatorUtilities.CreateInstance<HandoffRules.Host.Processing.HandoffProcessor>(host.App.Services);
        await processor.StartAsync(new CancellationToken(canceled: true));
        await processor.StopAsync(CancellationToken.None);

        Assert.Equal(300, (await host.Store.CountAsync(CancellationToken.None)).Ingested);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage ready;
        while ((ready = await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static async Task<HandoffEvent> WaitForEventAsync(RunningHost host, string leadId, string type)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = (await host.Store.GetEventsAsync(leadId, null, null, CancellationToken.None)).FirstOrDefault(e => e.Type == type);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {type} event for {leadId}");
            }

            await Task.Delay(50);
        }
    }
}
