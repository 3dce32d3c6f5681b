using System.Text.Json;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Timers;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Api;

/// <summary>
/// Members' availability without a code change: <c>PUT /api/members/{id}/availability</c> sets who is
/// away, paused or at another cap for a day (replacing what was set before), <c>DELETE</c> clears it,
/// <c>GET</c> shows it.
/// The playbook stays the policy; this is operational data, kept and audited in the event log. A
/// member's key sets that member's availability only (403 otherwise); an integration key anyone's.
/// Refusals name the field: 400 a malformed or impossible value, 404 no such member, 413 a body over
/// <c>MaxBodyBytes</c>.
/// </summary>
public static class AvailabilityApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Maps the endpoints into the API group (behind its keys).</summary>
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPut("/members/{memberId}/availability", PutAsync);
        api.MapDelete("/members/{memberId}/availability", DeleteAsync);
        api.MapGet("/members/{memberId}/availability", GetAsync);
    }

    /// <summary>Every availability set so far, read from the event log, as the router would see it.</summary>
    internal static async Task<AvailabilityLog> ReadAsync(IHandoffStore store, HandoffClock clock, CancellationToken cancellation)
    {
        var log = new AvailabilityLog(clock.Replay);
        foreach (var set in await store.GetEventsAsync("", null, null, cancellation))
        {
            if (set.Type == HandoffEventTypes.AvailabilitySet)
            {
                log.Add(set.Seq, HandoffSession.FromEvent(set));
            }
        }

        return log;
    }

    /// <summary>
    /// A member's availability as the API shows it: what is set and in effect now, and why the member
    /// takes no lead now by the router's own checks (leads already given today aside); null parts when
    /// nothing is set or nothing stops them.
    /// </summary>
    internal static (object? Availability, string? Unavailable) View(string memberId, Router router, AvailabilityLog log, DateTimeOffset now)
    {
        var state = router.NewState();
        state.Availability = log;
        var unavailable = router.WhyUnavailable(memberId, now, state);
        return log.InEffect(memberId, now) is not { IsCleared: false } set
            ? (null, unavailable)
            : (new
            {
                away_from = set.AwayFrom,
                away_to = set.AwayTo,
                away_now = set.IsAway(now),
                paused = set.Paused,
                cap = set.Cap,
                cap_day = set.CapDay,
                set_by = set.SetBy,
                set_at = set.SetAt,
            }, unavailable);
    }

    /// <summary>Now, as availability is judged: the input's clock when replaying (once it has read an event), else the wall clock.</summary>
    internal static DateTimeOffset Now(HandoffClock clock, TimeProvider time) => clock.Now > DateTimeOffset.MinValue ? clock.Now : time.GetUtcNow();

    private static async Task<IResult> PutAsync(string memberId, HttpContext context, HandoffQueue queue, IHandoffStore store, Router router, HandoffClock clock, TimeProvider time, IOptions<HandoffHostOptions> options, ILoggerFactory loggers)
    {
        var (body, status, problem) = await AvailabilityRequest.ReadAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            Log.AvailabilityBodyRefused(loggers.CreateLogger(typeof(AvailabilityApi)), status, problem!);
            return Results.Problem(statusCode: status, detail: problem);
        }

        return await SubmitAsync(memberId, body, context, queue, store, router, clock, time);
    }

    private static Task<IResult> DeleteAsync(string memberId, HttpContext context, HandoffQueue queue, IHandoffStore store, Router router, HandoffClock clock, TimeProvider time) =>
        SubmitAsync(memberId, new AvailabilityRequest { Clear = true }, context, queue, store, router, clock, time);

    private static async Task<IResult> GetAsync(string memberId, IHandoffStore store, Router router, HandoffClock clock, TimeProvider time, CancellationToken cancellation) =>
        router.Playbook.FindMember(memberId) is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"there is no member '{LogValue.Of(memberId)}'")
            : await ViewAsync(memberId, store, router, clock, time, cancellation);

    // The member's availability in effect now, as the answer to every call that reads or changes it.
    private static async Task<IResult> ViewAsync(string memberId, IHandoffStore store, Router router, HandoffClock clock, TimeProvider time, CancellationToken cancellation)
    {
        var (availability, unavailable) = View(memberId, router, await ReadAsync(store, clock, cancellation), Now(clock, time));
        return Results.Json(new { member = memberId, availability, unavailable }, Json);
    }

    private static async Task<IResult> SubmitAsync(string memberId, AvailabilityRequest body, HttpContext context, HandoffQueue queue, IHandoffStore store, Router router, HandoffClock clock, TimeProvider time)
    {
        var caller = (ApiCaller)context.Items[typeof(ApiCaller)]!;
        var key = body.Id is { } id ? InputKey.Availability(caller.Member, memberId, id) : null;
        var work = new AvailabilityWork(SdrApi.Source, key, $"{context.Request.Method} availability of {LogValue.Of(memberId)}", memberId, caller.Member, caller.Shown, body, time.GetUtcNow())
        {
            Completion = HandoffWork.Waiting(),
        };
        var result = await queue.SubmitAsync(work, context.RequestAborted);
        if (result.Status is not (WorkStatus.Done or WorkStatus.AlreadyProcessed))
        {
            return Results.Problem(detail: result.Message, statusCode: result.Status switch
            {
                WorkStatus.Invalid => StatusCodes.Status400BadRequest,
                WorkStatus.Forbidden => StatusCodes.Status403Forbidden,
                WorkStatus.NotFound => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status500InternalServerError,
            });
        }

        return await ViewAsync(memberId, store, router, clock, time, context.RequestAborted);
    }
}
