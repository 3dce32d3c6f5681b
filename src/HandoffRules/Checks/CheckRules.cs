using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>How serious a finding is. Mirrors the compiler's severities so analyzers map one to one.</summary>
internal enum CheckSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>One check both the runtime validator and the analyzers report, with its stable id.</summary>
internal sealed class CheckRule
{
    public CheckRule(string id, string title, string messageFormat, string category, CheckSeverity severity)
    {
        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        Category = category;
        Severity = severity;
    }

    public string Id { get; }

    public string Title { get; }

    public string MessageFormat { get; }

    public string Category { get; }

    public CheckSeverity Severity { get; }

    /// <summary>The help page of this rule.</summary>
    public string HelpUri => CheckRules.HelpUriBase + Id + ".md";
}

/// <summary>
/// Every rule id, title and message in one place, grouped by range:
/// HR1xxx playbook shape and names, HR2xxx routing, territories and segments,
/// HR3xxx SLAs, reasons and nurture, HR4xxx definitions and lifecycle.
/// The constants are what the analyzers' descriptors are built from, so the compile-time and the
/// runtime reports cannot drift apart.
/// </summary>
internal static class CheckRules
{
    public const string HelpUriBase = "https://github.com/handoffrules/handoffrules/blob/main/docs/rules/";

    public const string CategoryShape = "HandoffRules.Shape";
    public const string CategoryRouting = "HandoffRules.Routing";
    public const string CategoryEnforcement = "HandoffRules.Enforcement";
    public const string CategoryDefinitions = "HandoffRules.Definitions";

    // HR1xxx — playbook shape and names
    public const string MissingFallbackId = "HR1001";
    public const string MissingFallbackTitle = "Playbook has no fallback";
    public const string MissingFallbackMessage = "Playbook '{0}' has no fallback: a lead that no route matches would have nowhere to go";

    public const string NonConstantArgumentId = "HR1002";
    public const string NonConstantArgumentTitle = "Argument must be a compile-time constant";
    public const string NonConstantArgumentMessage = "{0} for the {1} passed to '{2}': the playbook checks read only compile-time constants (values fixed when the code is compiled), so they skip this one";

    public const string DuplicateNameId = "HR1003";
    public const string DuplicateNameTitle = "Duplicate name";
    public const string DuplicateNameMessage = "The {0} name '{1}' is declared more than once; names identify rules in traces, reports and SDR actions";

    public const string UnknownReferenceId = "HR1004";
    public const string UnknownReferenceTitle = "Reference to something the playbook does not declare";
    public const string UnknownReferenceMessage = "{0} refers to {1} '{2}', which the playbook does not declare";

    public const string InvalidValueId = "HR1005";
    public const string InvalidValueTitle = "Invalid value";
    public const string InvalidValueMessage = "{0}: {1}";

    // HR2xxx — routing, territories, segments, queues
    public const string OverlappingTerritoriesId = "HR2001";
    public const string OverlappingTerritoriesTitle = "Territories overlap";
    public const string OverlappingTerritoriesMessage = "Territory '{0}' claims {1}, which territory '{2}' also claims ({3}); a lead there would have two owners";

    public const string SegmentOverlapId = "HR2002";
    public const string SegmentOverlapTitle = "Segment bands overlap";
    public const string SegmentOverlapMessage = "Segment '{0}' ({1} {2}) overlaps segment '{3}' ({1} {4})";

    public const string SegmentGapId = "HR2003";
    public const string SegmentGapTitle = "Segment bands leave a gap";
    public const string SegmentGapMessage = "No segment covers {0} {1}; a lead there would have no segment";

    public const string ShadowedRouteId = "HR2004";
    public const string ShadowedRouteTitle = "Route can never match";
    public const string ShadowedRouteMessage = "Route '{0}' can never match: earlier route '{1}' matches every lead it would";

    public const string UnknownQueueId = "HR2005";
    public const string UnknownQueueTitle = "Route or escalation to a queue that does not exist";
    public const string UnknownQueueMessage = "{0} sends leads to queue '{1}', which the playbook does not declare";

    public const string QueueWithoutActiveMembersId = "HR2006";
    public const string QueueWithoutActiveMembersTitle = "Route or escalation to a queue with no active members";
    public const string QueueWithoutActiveMembersMessage = "{0} sends leads to queue '{1}', which has no active members";

    public const string UnknownPlaceId = "HR2007";
    public const string UnknownPlaceTitle = "Unknown country or region";
    public const string UnknownPlaceMessage = "Territory '{0}' claims {1}, which is not a known country or region code or name";

    public const string AccountDomainClaimedTwiceId = "HR2008";
    public const string AccountDomainClaimedTwiceTitle = "Account domain claimed twice";
    public const string AccountDomainClaimedTwiceMessage = "Domain '{0}' belongs to account '{1}' and to account '{2}'; a lead from it would match both";

    public const string CappedQueueWithoutOverflowId = "HR2009";
    public const string CappedQueueWithoutOverflowTitle = "Capped queue has no overflow path";
    public const string CappedQueueWithoutOverflowMessage = "Queue '{0}' caps every member's leads a day and has no overflow path: no escalation covers it and no SLA escalates or reassigns on breach, so once every member is at cap its leads are held until the maximum hold with nowhere to go";

    public const string DataFileNotFoundId = "HR2010";
    public const string DataFileNotFoundTitle = "Data file is not a file of the rules project";
    public const string DataFileNotFoundMessage = "{0}";

    public const string MalformedDataRowId = "HR2011";
    public const string MalformedDataRowTitle = "Malformed row in an account book or postal list";
    public const string MalformedDataRowMessage = "{0}: {1}";

    public const string AccountParentLoopId = "HR2012";
    public const string AccountParentLoopTitle = "Account hierarchy loops";
    public const string AccountParentLoopMessage = "Account '{0}' is its own ancestor ({1}); a subsidiary without an owner takes its parent's, so its leads would have no owner to find";

    // HR3xxx — SLAs, reasons, nurture
    public const string SlaWithoutBreachActionId = "HR3001";
    public const string SlaWithoutBreachActionTitle = "SLA has no breach action";
    public const string SlaWithoutBreachActionMessage = "SLA '{0}' has no breach action: a breach would be recorded and nobody would act on it";

    public const string ReasonWithoutNurtureTrackId = "HR3002";
    public const string ReasonWithoutNurtureTrackTitle = "Reason without a nurture track";
    public const string ReasonWithoutNurtureTrackMessage = "{0} reason '{1}' sends leads nowhere: {2}";

    /// <summary>What HR3002 asks of a reject reason: a track, unless the lead was sent to the wrong place.</summary>
    public const string RejectReasonDestinations = "give it a nurture track, or mark it Misroute() if it means the lead was sent to the wrong territory, segment or owner";

    /// <summary>What HR3002 asks of a recycle reason: recycled leads always go to a nurture track.</summary>
    public const string RecycleReasonDestinations = "give it a nurture track";

    public const string EscalationNotCoveringId = "HR3003";
    public const string EscalationNotCoveringTitle = "SLA escalates on breach but no escalation covers a queue";
    public const string EscalationNotCoveringMessage = "SLA '{0}' escalates on breach, but no escalation covers {1}: a breach there is recorded and the lead stays where it is; name the queue in an escalation's From(...), declare an escalation without From(...), or escalate to a named escalation";

    // HR4xxx — definitions and lifecycle
    public const string NoHandoffDefinitionId = "HR4001";
    public const string NoHandoffDefinitionTitle = "No definition hands leads off";
    public const string NoHandoffDefinitionMessage = "Playbook '{0}' has no definition marked HandsOff(): every lead would be held back as not SDR-ready";

    public const string DefinitionOrderId = "HR4002";
    public const string DefinitionOrderTitle = "Definition refers to one not declared before it";
    public const string DefinitionOrderMessage = "Definition '{0}' refers to '{1}', which is not declared before it; declare definitions from the broadest to the most qualified";

    public const string UnreachableStatusId = "HR4003";
    public const string UnreachableStatusTitle = "SDR action leads to a status that no transition allows";
    public const string UnreachableStatusMessage = "SDR action {0} moves a lead to status '{1}', but no transition leads there from any status";

    public const string UnmappedInHubSpotId = "HR4004";
    public const string UnmappedInHubSpotTitle = "Stage or status has no HubSpot value";
    public const string UnmappedInHubSpotMessage = "Playbook '{0}' syncs with HubSpot, but {1} '{2}' has no HubSpot value: a lead in it could not be written back";

    public const string HubSpotMappedTwiceId = "HR4005";
    public const string HubSpotMappedTwiceTitle = "Mapped to HubSpot twice";
    public const string HubSpotMappedTwiceMessage = "The {0} '{1}' is mapped to HubSpot twice: {2}";

    public const string HubSpotStageMovesBackId = "HR4006";
    public const string HubSpotStageMovesBackTitle = "SDR action moves HubSpot's lifecycle stage backwards";
    public const string HubSpotStageMovesBackMessage = "SDR action {0} can move a lead from status '{5}', in stage '{3}' (HubSpot '{4}'), back to stage '{1}' (HubSpot '{2}'); HubSpot does not move a lifecycle stage backwards: add ClearStageToMoveBack() so the host clears it first";

    public static readonly CheckRule MissingFallback = new(MissingFallbackId, MissingFallbackTitle, MissingFallbackMessage, CategoryShape, CheckSeverity.Error);
    public static readonly CheckRule NonConstantArgument = new(NonConstantArgumentId, NonConstantArgumentTitle, NonConstantArgumentMessage, CategoryShape, CheckSeverity.Warning);
    public static readonly CheckRule DuplicateName = new(DuplicateNameId, DuplicateNameTitle, DuplicateNameMessage, CategoryShape, CheckSeverity.Error);
    public static readonly CheckRule UnknownReference = new(UnknownReferenceId, UnknownReferenceTitle, UnknownReferenceMessage, CategoryShape, CheckSeverity.Error);
    public static readonly CheckRule InvalidValue = new(InvalidValueId, InvalidValueTitle, InvalidValueMessage, CategoryShape, CheckSeverity.Error);
    public static readonly CheckRule OverlappingTerritories = new(OverlappingTerritoriesId, OverlappingTerritoriesTitle, OverlappingTerritoriesMessage, CategoryRouting, CheckSeverity.Error);
    public static readonly CheckRule SegmentOverlap = new(SegmentOverlapId, SegmentOverlapTitle, SegmentOverlapMessage, CategoryRouting, CheckSeverity.Error);
    public static readonly CheckRule SegmentGap = new(SegmentGapId, SegmentGapTitle, SegmentGapMessage, CategoryRouting, CheckSeverity.Error);
    public static readonly CheckRule ShadowedRoute = new(ShadowedRouteId, ShadowedRouteTitle, ShadowedRouteMessage, CategoryRouting, CheckSeverity.Warning);
    public static readonly CheckRule UnknownQueue = new(UnknownQueueId, UnknownQueueTitle, UnknownQueueMessage, CategoryRouting, CheckSeverity.Error);
    public static readonly CheckRule QueueWithoutActiveMembers = new(QueueWithoutActiveMembersId, QueueWithoutActiveMembersTitle, QueueWithoutActiveMembersMessage, CategoryRouting, CheckSeverity.Error);
    public static readonly CheckRule UnknownPlace = new(UnknownPlaceId, UnknownPlaceTitle, UnknownPlaceMessage, CategoryRouting, CheckSeverity.Error);
    public static readonly CheckRule AccountDomainClaimedTwice = new(AccountDomainClaimedTwiceId, AccountDomainClaimedTwiceTitle, AccountDomainClaimedTwiceMessage, CategoryRouting, CheckSeverity.Error);
    public static readonly CheckRule CappedQueueWithoutOverflow = new(CappedQueueWithoutOverflowId, CappedQueueWithoutOverflowTitle, CappedQueueWithoutOverflowMessage, CategoryRouting, CheckSeverity.Warning);
    public static readonly CheckRule DataFileNotFound = new(DataFileNotFoundId, DataFileNotFoundTitle, DataFileNotFoundMessage, CategoryRouting, CheckSeverity.Error);
    public static readonly CheckRule MalformedDataRow = new(MalformedDataRowId, MalformedDataRowTitle, MalformedDataRowMessage, CategoryRouting, CheckSeverity.Error);
    public static readonly CheckRule AccountParentLoop = new(AccountParentLoopId, AccountParentLoopTitle, AccountParentLoopMessage, CategoryRouting, CheckSeverity.Error);
    public static readonly CheckRule SlaWithoutBreachAction = new(SlaWithoutBreachActionId, SlaWithoutBreachActionTitle, SlaWithoutBreachActionMessage, CategoryEnforcement, CheckSeverity.Error);
    public static readonly CheckRule ReasonWithoutNurtureTrack = new(ReasonWithoutNurtureTrackId, ReasonWithoutNurtureTrackTitle, ReasonWithoutNurtureTrackMessage, CategoryEnforcement, CheckSeverity.Error);
    public static readonly CheckRule EscalationNotCovering = new(EscalationNotCoveringId, EscalationNotCoveringTitle, EscalationNotCoveringMessage, CategoryEnforcement, CheckSeverity.Warning);
    public static readonly CheckRule NoHandoffDefinition = new(NoHandoffDefinitionId, NoHandoffDefinitionTitle, NoHandoffDefinitionMessage, CategoryDefinitions, CheckSeverity.Error);
    public static readonly CheckRule DefinitionOrder = new(DefinitionOrderId, DefinitionOrderTitle, DefinitionOrderMessage, CategoryDefinitions, CheckSeverity.Error);
    public static readonly CheckRule UnreachableStatus = new(UnreachableStatusId, UnreachableStatusTitle, UnreachableStatusMessage, CategoryDefinitions, CheckSeverity.Warning);
    public static readonly CheckRule UnmappedInHubSpot = new(UnmappedInHubSpotId, UnmappedInHubSpotTitle, UnmappedInHubSpotMessage, CategoryDefinitions, CheckSeverity.Error);
    public static readonly CheckRule HubSpotMappedTwice = new(HubSpotMappedTwiceId, HubSpotMappedTwiceTitle, HubSpotMappedTwiceMessage, CategoryDefinitions, CheckSeverity.Error);
    public static readonly CheckRule HubSpotStageMovesBack = new(HubSpotStageMovesBackId, HubSpotStageMovesBackTitle, HubSpotStageMovesBackMessage, CategoryDefinitions, CheckSeverity.Warning);

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<CheckRule> All { get; } =
    [
        MissingFallback, NonConstantArgument, DuplicateName, UnknownReference, InvalidValue,
        OverlappingTerritories, SegmentOverlap, SegmentGap, ShadowedRoute, UnknownQueue, QueueWithoutActiveMembers, UnknownPlace, AccountDomainClaimedTwice, CappedQueueWithoutOverflow,
        DataFileNotFound, MalformedDataRow, AccountParentLoop,
        SlaWithoutBreachAction, ReasonWithoutNurtureTrack, EscalationNotCovering,
        NoHandoffDefinition, DefinitionOrder, UnreachableStatus,
        UnmappedInHubSpot, HubSpotMappedTwice, HubSpotStageMovesBack,
    ];
}
