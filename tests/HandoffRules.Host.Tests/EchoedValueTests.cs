using System.Net;
using System.Net.Http.Json;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Tests.Support;

namespace HandoffRules.Host.Tests;

/// <summary>
/// Values a sender controls, echoed into logs, dead-letter reasons and refusals, go through one
/// sanitiser: bounded, without control characters, e-mail addresses masked — so an address put
/// into an enumerated field never reaches a log.
/// </summary>
public sealed class EchoedValueTests
{
    private const string Address = "leak.me@victim.example";

    [Fact]
    public void An_echoed_value_is_bounded_cleaned_and_has_its_e_mail_addresses_masked()
    {
        Assert.Equal("demo_reqest", LogValue.Of("demo_reqest"));
        Assert.Equal("", LogValue.Of(null));
        Assert.Equal("abc", LogValue.Of("a\u0000b\r\n\u001bc"));
        Assert.Equal(new string('y', 63) + "…", LogValue.Of(new string('y', 10_000)));
        Assert.Equal("write to [e-mail] today", LogValue.Of($"write to {Address} today"));
        Assert.DoesNotContain("leak", LogValue.Of($"{Address}{new string('z', 100)}"), StringComparison.Ordinal);

        // Cut after the bound, a long address is still masked, not half shown.
        Assert.DoesNotContain("leak", LogValue.Of(new string(' ', 60) + Address), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_in_an_enumerated_field_reaches_no_log_line_no_dead_letter_reason_and_no_refusal()
    {
        var now = DateTimeOffset.UtcNow;
        await using var host = await RunningHost.StartAsync(input:
        [
            Leads.Line(Leads.DemoRequest("D1", now)),
            $$"""{"kind":"{{Address}}","id":"k1"}""",
            $$"""{"kind":"sdr_action","id":"a1","lead_id":"D1","action":"{{Address}}"}""",
            $$"""{"kind":"sdr_action","id":"a2","lead_id":"{{Address}}","action":"touch"}""",
            $$$"""{"id":"E1","email":"someone@else.example","event":{"type":"{{{Address}}}"}}""",
        ]);
        await host.WaitForAsync(c => c.Routed == 1 && c.DeadLettered == 4);
        using var api = host.Client(RunningHost.IntegrationKey);
        using var hubspot = host.Client();

        var refusals = new List<HttpResponseMessage>
        {
            await api.PostAsJsonAsync($"/api/leads/{Address}/touch", new { }),
            await api.PostAsJsonAsync($"/api/leads/D1/{Address}", new { }),
            await api.PostAsJsonAsync("/api/leads/D1/reject", new { reason = Address }),
            await api.PostAsJsonAsync("/api/leads/D1/reassign", new { reason = "x", to = Address }),
            await api.GetAsync($"/api/leads/{Address}"),
            await hubspot.SendAsync(HubSpotRequests.Post(host.BaseAddress,
                $$"""[{"eventId": 31, "subscriptionType": "{{Address}}", "objectId": 5, "occurredAt": 1764000000000}]""")),
        };
        await host.WaitForAsync(c => c.DeadLettered == 5);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.OK],
            refusals.Select(r => r.StatusCode));
        foreach (var refusal in refusals)
        {
            Assert.DoesNotContain("leak.me", await refusal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var reasons = (await host.Store.GetDeadLettersAsync(CancellationToken.None)).Select(d => d.Reason).ToList();
        Assert.All(reasons, r => Assert.DoesNotContain("leak.me", r, StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("kind '[e-mail]' is not lead, sdr_action or availability", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("event.type: '[e-mail]' is not an event type", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs, l => l.Contains("leak.me", StringComparison.Ordinal));
        Assert.Contains(host.Logs, l => l.Contains("there is no lead '[e-mail]'", StringComparison.Ordinal));
    }
}
