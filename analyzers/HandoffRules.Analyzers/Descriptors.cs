using HandoffRules.Checks;
using Microsoft.CodeAnalysis;

namespace HandoffRules.Analyzers;

/// <summary>
/// Every diagnostic the analyzers report, built from the shared rule constants so the compile-time
/// ids, titles and messages are the runtime validator's.
/// </summary>
internal static class Descriptors
{
    public static readonly DiagnosticDescriptor MissingFallback = new(
        CheckRules.MissingFallbackId, CheckRules.MissingFallbackTitle, CheckRules.MissingFallbackMessage, CheckRules.CategoryShape,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.MissingFallbackId + ".md");

    public static readonly DiagnosticDescriptor NonConstantArgument = new(
        CheckRules.NonConstantArgumentId, CheckRules.NonConstantArgumentTitle, CheckRules.NonConstantArgumentMessage, CheckRules.CategoryShape,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.NonConstantArgumentId + ".md");

    public static readonly DiagnosticDescriptor DuplicateName = new(
        CheckRules.DuplicateNameId, CheckRules.DuplicateNameTitle, CheckRules.DuplicateNameMessage, CheckRules.CategoryShape,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.DuplicateNameId + ".md");

    public static readonly DiagnosticDescriptor UnknownReference = new(
        CheckRules.UnknownReferenceId, CheckRules.UnknownReferenceTitle, CheckRules.UnknownReferenceMessage, CheckRules.CategoryShape,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.UnknownReferenceId + ".md");

    public static readonly DiagnosticDescriptor InvalidValue = new(
        CheckRules.InvalidValueId, CheckRules.InvalidValueTitle, CheckRules.InvalidValueMessage, CheckRules.CategoryShape,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.InvalidValueId + ".md");

    public static readonly DiagnosticDescriptor OverlappingTerritories = new(
        CheckRules.OverlappingTerritoriesId, CheckRules.OverlappingTerritoriesTitle, CheckRules.OverlappingTerritoriesMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.OverlappingTerritoriesId + ".md");

    public static readonly DiagnosticDescriptor SegmentOverlap = new(
        CheckRules.SegmentOverlapId, CheckRules.SegmentOverlapTitle, CheckRules.SegmentOverlapMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.SegmentOverlapId + ".md");

    public static readonly DiagnosticDescriptor SegmentGap = new(
        CheckRules.SegmentGapId, CheckRules.SegmentGapTitle, CheckRules.SegmentGapMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.SegmentGapId + ".md");

    public static readonly DiagnosticDescriptor ShadowedRoute = new(
        CheckRules.ShadowedRouteId, CheckRules.ShadowedRouteTitle, CheckRules.ShadowedRouteMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.ShadowedRouteId + ".md");

    public static readonly DiagnosticDescriptor UnknownQueue = new(
        CheckRules.UnknownQueueId, CheckRules.UnknownQueueTitle, CheckRules.UnknownQueueMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.UnknownQueueId + ".md");

    public static readonly DiagnosticDescriptor QueueWithoutActiveMembers = new(
        CheckRules.QueueWithoutActiveMembersId, CheckRules.QueueWithoutActiveMembersTitle, CheckRules.QueueWithoutActiveMembersMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.QueueWithoutActiveMembersId + ".md");

    public static readonly DiagnosticDescriptor UnknownPlace = new(
        CheckRules.UnknownPlaceId, CheckRules.UnknownPlaceTitle, CheckRules.UnknownPlaceMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.UnknownPlaceId + ".md");

    public static readonly DiagnosticDescriptor AccountDomainClaimedTwice = new(
        CheckRules.AccountDomainClaimedTwiceId, CheckRules.AccountDomainClaimedTwiceTitle, CheckRules.AccountDomainClaimedTwiceMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.AccountDomainClaimedTwiceId + ".md");

    public static readonly DiagnosticDescriptor CappedQueueWithoutOverflow = new(
        CheckRules.CappedQueueWithoutOverflowId, CheckRules.CappedQueueWithoutOverflowTitle, CheckRules.CappedQueueWithoutOverflowMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.CappedQueueWithoutOverflowId + ".md");

    public static readonly DiagnosticDescriptor DataFileNotFound = new(
        CheckRules.DataFileNotFoundId, CheckRules.DataFileNotFoundTitle, CheckRules.DataFileNotFoundMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.DataFileNotFoundId + ".md");

    public static readonly DiagnosticDescriptor MalformedDataRow = new(
        CheckRules.MalformedDataRowId, CheckRules.MalformedDataRowTitle, CheckRules.MalformedDataRowMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.MalformedDataRowId + ".md");

    public static readonly DiagnosticDescriptor AccountParentLoop = new(
        CheckRules.AccountParentLoopId, CheckRules.AccountParentLoopTitle, CheckRules.AccountParentLoopMessage, CheckRules.CategoryRouting,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.AccountParentLoopId + ".md");

    public static readonly DiagnosticDescriptor SlaWithoutBreachAction = new(
        CheckRules.SlaWithoutBreachActionId, CheckRules.SlaWithoutBreachActionTitle, CheckRules.SlaWithoutBreachActionMessage, CheckRules.CategoryEnforcement,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.SlaWithoutBreachActionId + ".md");

    public static readonly DiagnosticDescriptor ReasonWithoutNurtureTrack = new(
        CheckRules.ReasonWithoutNurtureTrackId, CheckRules.ReasonWithoutNurtureTrackTitle, CheckRules.ReasonWithoutNurtureTrackMessage, CheckRules.CategoryEnforcement,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.ReasonWithoutNurtureTrackId + ".md");

    public static readonly DiagnosticDescriptor EscalationNotCovering = new(
        CheckRules.EscalationNotCoveringId, CheckRules.EscalationNotCoveringTitle, CheckRules.EscalationNotCoveringMessage, CheckRules.CategoryEnforcement,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.EscalationNotCoveringId + ".md");

    public static readonly DiagnosticDescriptor NoHandoffDefinition = new(
        CheckRules.NoHandoffDefinitionId, CheckRules.NoHandoffDefinitionTitle, CheckRules.NoHandoffDefinitionMessage, CheckRules.CategoryDefinitions,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.NoHandoffDefinitionId + ".md");

    public static readonly DiagnosticDescriptor DefinitionOrder = new(
        CheckRules.DefinitionOrderId, CheckRules.DefinitionOrderTitle, CheckRules.DefinitionOrderMessage, CheckRules.CategoryDefinitions,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.DefinitionOrderId + ".md");

    public static readonly DiagnosticDescriptor UnreachableStatus = new(
        CheckRules.UnreachableStatusId, CheckRules.UnreachableStatusTitle, CheckRules.UnreachableStatusMessage, CheckRules.CategoryDefinitions,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.UnreachableStatusId + ".md");

    public static readonly DiagnosticDescriptor UnmappedInHubSpot = new(
        CheckRules.UnmappedInHubSpotId, CheckRules.UnmappedInHubSpotTitle, CheckRules.UnmappedInHubSpotMessage, CheckRules.CategoryDefinitions,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.UnmappedInHubSpotId + ".md");

    public static readonly DiagnosticDescriptor HubSpotMappedTwice = new(
        CheckRules.HubSpotMappedTwiceId, CheckRules.HubSpotMappedTwiceTitle, CheckRules.HubSpotMappedTwiceMessage, CheckRules.CategoryDefinitions,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.HubSpotMappedTwiceId + ".md");

    public static readonly DiagnosticDescriptor HubSpotStageMovesBack = new(
        CheckRules.HubSpotStageMovesBackId, CheckRules.HubSpotStageMovesBackTitle, CheckRules.HubSpotStageMovesBackMessage, CheckRules.CategoryDefinitions,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: CheckRules.HelpUriBase + CheckRules.HubSpotStageMovesBackId + ".md");
}
