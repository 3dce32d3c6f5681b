using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Timers;
using HandoffRules.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Api;

/// <summary>
/// The SDR API: actions on a lead (touch, accept, reject, meeting_booked, recycle, reassign), one
/// lead's state with its full decision trace, and the load per queue. Refusals name the problem:
/// 400 an unknown reason, a malformed body or an impossible time, 403 someone else's lead, 404 no
/// such lead, 409 a transition the lifecycle does not allow or a member who cannot take the lead,
/// 413 a body over <c>MaxBodyBytes</c>, 422 a stage's required fields missing. Values the caller
/// sent are echoed only as short, cleaned excerpts.
/// </summary>
public static class SdrApi
{
    /// <summary>The source name of API actions.</summary>
    public const string Source = "api";

    /// <summary>Maps the endpoints under /api, all behind an API key.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").AddEndpointFilter<ApiKeys>();
        api.MapPost("/leads/{leadId}/{action}", ActAsync);
        api.MapGet("/leads/{leadId}", GetLeadAsync);
        api.MapGet("/queues", GetQueuesAsync);
        AvailabilityApi.Map(api);
    }

    private static async Task<IResult> ActAsync(string leadId, string action, HttpContext context, HandoffQueue queue, IHandoffStore store, TimeProvider time, IOptions<HandoffHostOptions> options, ILoggerFactory loggers)
    {
        if (LineParser.ReadAction(action) is not { } sdrAction)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"'{LogValue.Of(action)}' is not an SDR action; use touch, accept, reject, meeting_booked, recycle or reassign.");
        }

        var (body, status, problem) = await ActionRequest.ReadAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            Log.ApiBodyRefused(loggers.CreateLogger(typeof(SdrApi)), sdrAction.ToString(), status, problem!);
            return Results.Problem(statusCode: status, detail: problem);
        }

        var caller = (ApiCaller)context.Items[typeof(ApiCaller)]!;
        var at = body.At ?? await NowAsync(store, leadId, time, options.Value.ActionClockSkew, context.RequestAborted);
        var work = new ActionWork(Source, body.Id, Source, leadId, sdrAction, caller.Member, caller.Member ?? body.Member, body.Reason, body.To, at)
        {
            Completion = HandoffWork.Waiting(),
            Force = body.Force,
        };
        var result = await queue.SubmitAsync(work, context.RequestAborted);
        return result.Status switch
        {
            WorkStatus.Done or WorkStatus.AlreadyProcessed => Results.Json(await ViewAsync(store, leadId, context.RequestAborted), View.Json),
            WorkStatus.Invalid => Problem(StatusCodes.Status400BadRequest, result),
            WorkStatus.Forbidden => Problem(StatusCodes.Status403Forbidden, result),
            WorkStatus.NotFound => Problem(StatusCodes.Status404NotFound, result),
            WorkStatus.Conflict => Problem(StatusCodes.Status409Conflict, result),
            WorkStatus.Incomplete => Problem(StatusCodes.Status422UnprocessableEntity, result),
            _ => Problem(StatusCodes.Status500InternalServerError, result),
        };
    }

    // An action without a time happened now. A lead's arrival is stamped by its sender's clock,
    // which may run a little ahead of ours: an action right after it is dated at the arrival, never
    // before it (a negative time to first touch), rather than refused.
    private static async Task<DateTimeOffset> NowAsync(IHandoffStore store, string leadId, TimeProvider time, TimeSpan skew, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        return await store.GetLeadAsync(leadId, cancellation) is { } lead && lead.ArrivedAt > now && lead.ArrivedAt <= now + skew ? lead.ArrivedAt : now;
    }

    private static async Task<IResult> GetLeadAsync(string leadId, IHandoffStore store, CancellationToken cancellation) =>
        await ViewAsync(store, leadId, cancellation) is { } view
            ? Results.Json(view, View.Json)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"There is no lead '{LogValue.Of(leadId)}'.");

    private static async Task<IResult> GetQueuesAsync(IHandoffStore store, Router router, HandoffClock clock, TimeProvider time, CancellationToken cancellation)
    {
        var load = await store.GetOpenLoadAsync(cancellation);
        var availability = await AvailabilityApi.ReadAsync(store, clock, cancellation);
        var now = AvailabilityApi.Now(clock, time);
        var queues = router.Playbook.Queues.Select(q => new
        {
            queue = q.Name,
            open = load.Where(l => l.Queue == q.Name).Sum(l => l.Leads),
            held = load.Where(l => l.Queue == q.Name && l.Member is null).Sum(l => l.Leads),
            members = q.Members.Select(m =>
            {
                var (set, unavailable) = AvailabilityApi.View(m.MemberId, router, availability, now);
                return new
                {
                    member = m.MemberId,
                    open = load.Where(l => l.Queue == q.Name && l.Member == m.MemberId).Sum(l => l.Leads),
                    by_status = load.Where(l => l.Queue == q.Name && l.Member == m.MemberId).ToDictionary(l => l.Status ?? "", l => l.Leads),
                    availability = set,
                    unavailable,
                };
            }),
        });
        return Results.Json(new { queues }, View.Json);
    }

    private static IResult Problem(int status, WorkResult result) => Results.Problem(statusCode: status, detail: result.Message);

    /// <summary>One lead as the API shows it: state, owner, deadlines, decision, trace and events.</summary>
    private static async Task<object?> ViewAsync(IHandoffStore store, string leadId, CancellationToken cancellation)
    {
        if (await store.GetLeadAsync(leadId, cancellation) is not { } lead)
        {
            return null;
        }

        var timers = await store.GetTimersAsync(leadId, cancellation);
        var events = await store.GetEventsAsync(leadId, null, null, cancellation);
        return new
        {
            lead_id = lead.LeadId,
            outcome = lead.Outcome,
            status = lead.Status,
            stage = lead.Stage,
            queue = lead.Queue,
            owner = lead.Member,
            nurture_track = lead.NurtureTrack,
            deadlines = timers.Select(t => new { sla = t.Sla, kind = t.Kind, due = t.DueAt, state = t.State, settled_at = t.SettledAt, late = t.Late }),
            decision = JsonNode.Parse(lead.Decision),
            trace = lead.Trace is null ? null : JsonNode.Parse(lead.Trace),
            events = events.Select(e => new { seq = e.Seq, type = e.Type, at = e.At, data = IntakeHistory.WithoutInput(e.Data) }),
        };
    }

    private static class View
    {
        public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
    }
}
