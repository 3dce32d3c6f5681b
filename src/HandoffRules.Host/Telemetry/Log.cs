using Microsoft.Extensions.Logging;

namespace HandoffRules.Host.Telemetry;

/// <summary>
/// Every log line of the host, with a fixed event id. Lines name leads by id only: no e-mail,
/// name, phone or company is ever logged, and no secret or webhook URL either.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Handoff host started: playbook '{Playbook}', store {Database}")]
    public static partial void Started(ILogger logger, string playbook, string database);

    [LoggerMessage(1001, LogLevel.Information, "Reading {Input} from line {Line}")]
    public static partial void InputOpened(ILogger logger, string input, long line);

    [LoggerMessage(1002, LogLevel.Information, "Finished reading {Input}: {Lines} lines")]
    public static partial void InputFinished(ILogger logger, string input, long lines);

    [LoggerMessage(1003, LogLevel.Information, "Processor stopped after draining {Items} queued inputs")]
    public static partial void Drained(ILogger logger, int items);

    [LoggerMessage(1004, LogLevel.Warning, "Input {Input} was rotated after line {Line} ({Why}); reading the new file from its start")]
    public static partial void InputRotated(ILogger logger, string input, string why, long line);

    [LoggerMessage(1005, LogLevel.Information, "Committed {Input} up to line {Line}{Share}, {Rate} lines a second since the last")]
    public static partial void InputCommitted(ILogger logger, string input, long line, string share, long rate);

    [LoggerMessage(1010, LogLevel.Debug, "Lead {LeadId}: {Outcome} by {Rule}")]
    public static partial void Decided(ILogger logger, string leadId, string outcome, string rule);

    [LoggerMessage(1011, LogLevel.Warning, "Dead-lettered input from {Source} at {Position}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string source, string position, string reason);

    /// <summary>The lead id comes from the caller (a URL, a file line) and may be anything: it is logged sanitised.</summary>
    public static void ActionRefused(ILogger logger, string action, string leadId, string problem) =>
        ActionRefusedLine(logger, action, LogValue.Of(leadId), LogValue.Reason(problem));

    [LoggerMessage(1012, LogLevel.Information, "SDR action {Action} on lead {LeadId} refused: {Problem}")]
    private static partial void ActionRefusedLine(ILogger logger, string action, string leadId, string problem);

    // Its level is the caller's: a warning live, a debug line when replaying history (see ReplayTally).
    [LoggerMessage(EventId = 1020, Message = "SLA '{Sla}' breached for lead {LeadId}{Late}")]
    public static partial void SlaBreached(ILogger logger, LogLevel level, string sla, string leadId, string late);

    [LoggerMessage(1030, LogLevel.Debug, "Alert {Id} delivered to {Channel}")]
    public static partial void AlertDelivered(ILogger logger, long id, string channel);

    [LoggerMessage(1031, LogLevel.Warning, "Alert {Id} to {Channel} failed (attempt {Attempt}): {Problem}; retrying at {Next:O}")]
    public static partial void AlertFailed(ILogger logger, long id, string channel, int attempt, string problem, DateTimeOffset next);

    [LoggerMessage(1040, LogLevel.Warning, "Refused webhook request to {Path} from {Remote}: {Reason}")]
    public static partial void Refused(ILogger logger, string path, string? remote, string reason);

    [LoggerMessage(1100, LogLevel.Information, "SDR API {Action} request refused ({Status}) for its body: {Problem}")]
    public static partial void ApiBodyRefused(ILogger logger, string action, int status, string problem);

    [LoggerMessage(1050, LogLevel.Error, "A batch of {Count} inputs failed and is retried in halves, to find the input that fails")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(1051, LogLevel.Error, "Input from {Source} at {Position} failed and was dead-lettered")]
    public static partial void ItemFailed(ILogger logger, Exception exception, string source, string position);

    [LoggerMessage(1052, LogLevel.Critical, "Input from {Source} at {Position} failed ({Problem}) and could not be dead-lettered either: the store cannot be written. Nothing of it was kept; the host stops, and the input is read again when it runs again")]
    public static partial void ItemNotKept(ILogger logger, Exception exception, string source, string position, string problem);

    [LoggerMessage(1150, LogLevel.Error, "The host stops: {Service} failed: {Problem}")]
    public static partial void ServiceFailed(ILogger logger, string service, string problem, Exception? exception);

    [LoggerMessage(1151, LogLevel.Information, "Finished reading {Input} and not asked to listen: stopping once everything read is committed")]
    public static partial void InputFinishedStopping(ILogger logger, string input);

    [LoggerMessage(1153, LogLevel.Information, "Replayed {Input}: the log counts {Routed} routed, {Disqualified} disqualified, {Duplicates} duplicates and {DeadLettered} dead-lettered; " +
                                              "this replay breached {Breaches} SLA timers and put a lead on hold with nobody to take it {Held} times (a Debug line each; 'handoff report' breaks them down)")]
    public static partial void Replayed(ILogger logger, string input, int routed, int disqualified, int duplicates, int deadLettered, long breaches, long held);

    [LoggerMessage(1152, LogLevel.Information, "Stop requested: {Reason}")]
    public static partial void StopRequested(ILogger logger, string reason);

    // Its level is the caller's: information live, a debug line when replaying history (see ReplayTally).
    [LoggerMessage(EventId = 1200, Message = "Lead {LeadId} held in queue '{Queue}' with nobody to take it; offered again when a member is free, escalated after {Until:O}")]
    public static partial void Held(ILogger logger, LogLevel level, string leadId, string queue, DateTimeOffset until);

    [LoggerMessage(1201, LogLevel.Information, "Held lead {LeadId} offered to {Member} after {HeldFor} in queue '{Queue}'")]
    public static partial void Offered(ILogger logger, string leadId, string member, TimeSpan heldFor, string queue);

    [LoggerMessage(1202, LogLevel.Warning, "Lead {LeadId} held in queue '{Queue}' past the maximum hold: {Outcome}")]
    public static partial void HoldExpired(ILogger logger, string leadId, string queue, string outcome);

    [LoggerMessage(1450, LogLevel.Information, "Availability of member {Member} set by {SetBy}, in effect from {At:O}: {Availability}")]
    public static partial void AvailabilitySet(ILogger logger, string member, string availability, string setBy, DateTimeOffset at);

    /// <summary>The member id comes from the caller (a URL, a file line) and may be anything: it is logged sanitised.</summary>
    public static void AvailabilityRefused(ILogger logger, string member, string problem) =>
        AvailabilityRefusedLine(logger, LogValue.Of(member), LogValue.Reason(problem));

    [LoggerMessage(1451, LogLevel.Information, "Availability of member {Member} refused: {Problem}")]
    private static partial void AvailabilityRefusedLine(ILogger logger, string member, string problem);

    [LoggerMessage(1452, LogLevel.Information, "SDR API availability request refused ({Status}) for its body: {Problem}")]
    public static partial void AvailabilityBodyRefused(ILogger logger, int status, string problem);

    [LoggerMessage(1350, LogLevel.Warning, "Write-back {Id} for lead {LeadId} dead-lettered: HubSpot refused it for good (see the outbox row for HubSpot's message)")]
    public static partial void WriteBackGivenUp(ILogger logger, long id, string? leadId);

    [LoggerMessage(1400, LogLevel.Information, "Input {Input} is being read by another host; this host waits and takes it over when that host stops (asking again every {Retry})")]
    public static partial void InputHeldElsewhere(ILogger logger, string input, TimeSpan retry);

    [LoggerMessage(1401, LogLevel.Warning, "Took over reading input {Input}: the host that read it stopped or died; reading on from where its last committed line left off")]
    public static partial void InputTakenOver(ILogger logger, string input);

    [LoggerMessage(1402, LogLevel.Information, "Playbook version {Playbook}: stamped on every event this host writes")]
    public static partial void PlaybookVersionStamped(ILogger logger, string playbook);

    [LoggerMessage(1403, LogLevel.Warning, "Playbook {Playbook} is older than {Newest}, which already ran on this store; starting anyway, as allowed (a rollback)")]
    public static partial void OlderPlaybookAllowed(ILogger logger, string playbook, string newest);

    [LoggerMessage(1404, LogLevel.Warning, "Playbook {Playbook} has the version of one that already ran on this store but other content ({Other}): another build of the same version, recorded apart; give a changed playbook a new version so reports tell them apart by name")]
    public static partial void PlaybookRebuilt(ILogger logger, string playbook, string other);

    [LoggerMessage(1351, LogLevel.Information, "HubSpot owners resolved for all {Count} members")]
    public static partial void OwnersResolved(ILogger logger, int count);

    [LoggerMessage(1352, LogLevel.Warning, "HubSpot owners could not be read at start-up ({Problem}); members are looked up on their first write-back")]
    public static partial void OwnersNotResolved(ILogger logger, string problem);

    [LoggerMessage(1500, LogLevel.Information, "Account owners refreshed from HubSpot: {Companies} companies, {Changed} owner(s) changed, {Unchanged} unchanged, {Unmapped} with an owner no member maps to, {NoOwner} without an owner, {NotInBook} in no account, {NotTaken} without a domain or duplicate")]
    public static partial void AccountOwnersRefreshed(ILogger logger, int companies, int changed, int unchanged, int unmapped, int noOwner, int notInBook, int notTaken);

    [LoggerMessage(1501, LogLevel.Warning, "HubSpot company {CompanyId} has owner {OwnerId}, who maps to no member: its account keeps its owner (map the owner with Owner(member, ownerId) in the playbook's HubSpot mapping)")]
    public static partial void AccountOwnerUnmapped(ILogger logger, string companyId, string ownerId);

    [LoggerMessage(1502, LogLevel.Warning, "Account owners could not be refreshed from HubSpot ({Problem}); the owners in effect stay, next try in {Every}")]
    public static partial void AccountOwnersNotRefreshed(ILogger logger, string problem, TimeSpan every);

    [LoggerMessage(1503, LogLevel.Information, "Account owners are refreshed from HubSpot every {Every}, as the playbook allows")]
    public static partial void AccountOwnerRefreshStarted(ILogger logger, TimeSpan every);

    [LoggerMessage(1504, LogLevel.Warning, "The playbook lets HubSpot refresh account owners, but {Why}: owners come from the playbook alone")]
    public static partial void AccountOwnerRefreshOff(ILogger logger, string why);
}
