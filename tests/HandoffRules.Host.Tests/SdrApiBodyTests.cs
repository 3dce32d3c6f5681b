using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HandoffRules.Host.Tests.Support;

namespace HandoffRules.Host.Tests;

/// <summary>
/// What the SDR API reads and says back: bodies are bounded before they are parsed, refusals name
/// the field and echo at most a short, cleaned excerpt of a value, and a malformed body is a 400.
/// </summary>
public sealed class SdrApiBodyTests : IAsyncLifetime
{
    private static readonly string Run = new('x', 100);

    private RunningHost _host = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _host = await RunningHost.StartAsync(input: [Leads.Line(Leads.DemoRequest("D1", DateTimeOffset.UtcNow))]);
        await _host.WaitForAsync(c => c.Routed == 1);
        _api = _host.Client(RunningHost.IntegrationKey);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _host.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_larger_than_MaxBodyBytes_is_refused_with_413_before_it_is_parsed(bool declaresItsLength)
    {
        var json = JsonSerializer.Serialize(new { reason = new string('x', 2 * 1024 * 1024) });
        HttpContent content = declaresItsLength
            ? new StringContent(json, Encoding.UTF8, "application/json")
            : JsonContent.Create(JsonDocument.Parse(json).RootElement);

        var response = await _api.PostAsync("/api/leads/D1/reject", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(answer.Length < 1024, $"the answer is {answer.Length:N0} characters");
        Assert.Contains("262,144 bytes", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Logs, l => l.Contains(Run, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_value_is_named_with_a_short_excerpt_never_echoed_whole()
    {
        var response = await _api.PostAsJsonAsync("/api/leads/D1/reject", new { reason = new string('x', 10_000) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = await Detail(response);
        Assert.StartsWith($"'{new string('x', 63)}…' is not a reject reason of the playbook", detail, StringComparison.Ordinal);
        Assert.True(detail.Length < 400, detail);
        Assert.DoesNotContain(_host.Logs, l => l.Contains(Run, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"reason":""", "the body is not JSON")]
    [InlineData("""[1, 2]""", "the body must be a JSON object")]
    [InlineData("""{"at":"yesterday"}""", "field 'at' is not a date and time")]
    [InlineData("""{"to":5}""", "field 'to' is not text")]
    [InlineData("""{"force":"yes"}""", "field 'force' is not true or false")]
    public async Task A_malformed_body_is_a_400_naming_the_problem(string body, string problem)
    {
        var response = await _api.PostAsync("/api/leads/D1/touch", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(problem, await Detail(response), StringComparison.Ordinal);
    }

    private static async Task<string> Detail(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }
}
