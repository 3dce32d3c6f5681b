using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace HandoffRules.Analyzers.Infrastructure;

/// <summary>
/// Reads a playbook type's DSL calls into the outline the shared checks understand. Values come
/// from compile-time constants only: anything else is reported (HR1002) and left out of the checks
/// that need it, so the analysis never guesses.
/// </summary>
internal sealed partial class PlaybookReader
{
    private readonly INamedTypeSymbol _type;
    private readonly PlaybookOutline _outline;
    // What a BusinessHours(...) declaration's lambda configures: nothing the checks keep, but its
    // hours and holidays are read for HR1005.
    private static readonly object BusinessHoursMarker = new();

    private readonly Dictionary<IInvocationOperation, object> _items = new();
    private readonly Dictionary<string, int> _groups = new(StringComparer.Ordinal);

    private readonly DeclarationOrder _order = new();
    private readonly ProjectFiles? _files;

    private PlaybookReader(INamedTypeSymbol type, PlaybookOutline outline, ProjectFiles? files)
    {
        _type = type;
        _outline = outline;
        _files = files;
    }

    /// <summary>
    /// True when a builder is handed to a method the analysis cannot see into (one outside the
    /// playbook type, such as a base class's Define or a helper class): the outline is then partial.
    /// </summary>
    public static bool PassesBuilderOutside(IInvocationOperation invocation, INamedTypeSymbol type, DslSymbols dsl) =>
        !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType.OriginalDefinition, type.OriginalDefinition)
        && invocation.Arguments.Any(a => dsl.IsBuilder(a.Value.Type));

    /// <summary>
    /// True when a call hands one of the DSL's builders to a method that is not the DSL's own: the
    /// DSL calls in that method cannot be tied to the declaration whose lambda made the call.
    /// </summary>
    public static bool HandsOffBuilder(IInvocationOperation invocation, DslSymbols dsl) =>
        !dsl.IsDslMethod(invocation.TargetMethod) && invocation.Arguments.Any(a => dsl.IsBuilder(a.Value.Type) && !SymbolEqualityComparer.Default.Equals(a.Value.Type, dsl.PlaybookBuilder));

    /// <summary>
    /// True when a call hands the PlaybookBuilder to another method of the playbook type itself
    /// (a helper such as <c>Routing(handoff)</c>): the analysis follows it to order the routes
    /// and definitions of the whole playbook as <c>Define</c> runs them.
    /// </summary>
    public static bool CallsHelper(IInvocationOperation invocation, INamedTypeSymbol type, DslSymbols dsl) =>
        SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType.OriginalDefinition, type.OriginalDefinition)
        && invocation.TargetMethod.MethodKind == MethodKind.Ordinary
        && invocation.Arguments.Any(a => SymbolEqualityComparer.Default.Equals(a.Value.Type, dsl.PlaybookBuilder));

    public static PlaybookOutline Read(INamedTypeSymbol type, DslSymbols dsl, IEnumerable<IInvocationOperation> invocations, IEnumerable<IInvocationOperation> handOffs, IEnumerable<IInvocationOperation> helperCalls, bool complete, ProjectFiles? files = null)
    {
        var outline = new PlaybookOutline(type.Name, type.Locations.FirstOrDefault()) { Complete = complete };
        outline.Lifecycle.Declared = false;
        var reader = new PlaybookReader(type, outline, files);

        // Source order, so routes are ordered and reports are stable whatever order the compiler
        // delivered the operations in.
        var ordered = invocations
            .OrderBy(i => i.Syntax.SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(NamePosition)
            .ToList();
        foreach (var invocation in ordered.Where(i => SymbolEqualityComparer.Default.Equals(i.TargetMethod.ContainingType, dsl.PlaybookBuilder)))
        {
            reader.Declare(invocation);
        }

        foreach (var invocation in ordered.Where(i => !SymbolEqualityComparer.Default.Equals(i.TargetMethod.ContainingType, dsl.PlaybookBuilder)))
        {
            if (Owner(invocation, dsl) is { } owner && reader._items.TryGetValue(owner, out var item))
            {
                reader.Configure(item, invocation);
            }
        }

        // A configuration lambda that hands its builder to a helper method hides what it declares.
        foreach (var handOff in handOffs)
        {
            if (Owner(handOff, dsl) is { } owner && reader._items.TryGetValue(owner, out var item))
            {
                var builder = handOff.Arguments.First(a => dsl.IsBuilder(a.Value.Type));
                reader.NonConstant(builder, "builder", handOff.TargetMethod.Name, "Write the DSL calls in the lambda itself");
                Unknown(item, reader._outline, builder);
            }
        }

        foreach (var call in helperCalls)
        {
            var method = call.TargetMethod.PartialImplementationPart ?? call.TargetMethod;
            if (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is { } declaration)
            {
                reader._order.Calls(GroupKey(call), NamePosition(call), DeclarationOrder.MethodKey(declaration));
            }
        }

        reader.OrderFromDefine();
        reader.Finish();
        return outline;
    }

    /// <summary>Where the method name of a call is: the order of chained calls in one statement.</summary>
    private static int NamePosition(IInvocationOperation invocation) =>
        invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? access.Name.SpanStart
            : invocation.Syntax.SpanStart;

    // --- Playbook-level declarations -------------------------------------------------------

    private void Declare(IInvocationOperation call)
    {
        var name = call.TargetMethod.Name;

        // Every declaration's first parameter is what names it: name, id, code or (fallback) queue.
        var first = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
        switch (name)
        {
            case "Named":
                break;
            case "Definition":
                Add(call, _outline.Definitions, new OutlineDefinition(Name(first, "definition name"), Site(first)) { Group = Group(call), Order = NamePosition(call) });
                break;
            case "Lifecycle":
                _outline.Lifecycle.Declared = true;
                Configurable(call, _outline.Lifecycle);
                _items[call] = _outline.Lifecycle;
                break;
            case "Territory":
                Add(call, _outline.Territories, new OutlineTerritory(Name(first, "territory name"), Site(first)));
                break;
            case "Segment":
                Add(call, _outline.Segments, new OutlineSegment(Name(first, "segment name"), Site(first)));
                break;
            case "Member":
                Add(call, _outline.Members, new OutlineMember(Name(first, "member id"), Site(first)));
                break;
            case "Queue":
                Add(call, _outline.Queues, new OutlineQueue(Name(first, "queue name"), Site(first)));
                break;
            case "Account":
                Add(call, _outline.Accounts, new OutlineAccount(Name(first, "account name"), Site(first)));
                break;
            case "AccountsFrom":
                var book = Ref(first, "account book path");
                if (book.Written is { } bookPath && bookPath.Trim().Length > 0)
                {
                    if (_files?.Find(bookPath) is { } bookFile)
                    {
                        // The book's accounts run as one step of the call, in file order.
                        var accounts = DataFileOutline.Add(_outline, bookFile.AccountBook(bookPath.Trim()));
                        _outline.Accounts.AddRange(Ordered(call, accounts));
                    }
                    else
                    {
                        DataFileOutline.Missing(_outline, bookPath.Trim(), book.Site);
                    }
                }
                else
                {
                    _outline.Complete = false;
                }

                break;
            case "Route":
                var route = new OutlineRoute(Name(first, "route name"), Site(first)) { Group = Group(call), Order = NamePosition(call) };
                Add(call, _outline.Routes, route);
                break;
            case "Fallback":
                _outline.Fallback = new OutlineItem(Name(first, "fallback queue"), Site(first));
                _outline.FallbackQueue = Ref(first, "fallback queue");
                break;
            case "Escalation":
                Add(call, _outline.Escalations, new OutlineEscalation(Name(first, "escalation name"), Site(first)));
                break;
            case "Trigger":
                Add(call, _outline.Triggers, new OutlineTrigger(Name(first, "trigger name"), Site(first)));
                break;
            case "Sla":
                Add(call, _outline.Slas, new OutlineSla(Name(first, "SLA name"), Site(first)) { BreachActions = 0 });
                break;
            case "RejectReason":
                Add(call, _outline.Reasons, new OutlineReason(ReasonKind.Reject, Name(first, "reason code"), Site(first)));
                break;
            case "RecycleReason":
                Add(call, _outline.Reasons, new OutlineReason(ReasonKind.Recycle, Name(first, "reason code"), Site(first)));
                break;
            case "NurtureTrack":
                _outline.NurtureTracks.Add(Ordered(call, new OutlineItem(Name(first, "nurture track name"), Site(first))));
                break;
            case "BusinessHours":
                CheckTimeZone(Arg(call, "timeZone"), "Business hours");
                _items[call] = BusinessHoursMarker;
                break;
            case "HubSpot":
                DeclareHubSpot(call);
                break;
            case "HoldAtMost":
                if (Constant(Arg(call, "hours")) is int hours && Constant(Arg(call, "minutes")) is int minutes && hours * 60 + minutes <= 0)
                {
                    Invalid(call.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.Explicit) ?? Arg(call, "hours"), InvalidValues.MaxHold(_outline.Name));
                }

                break;
        }
    }

    private void Add<T>(IInvocationOperation call, List<T> list, T item)
        where T : OutlineItem
    {
        Ordered(call, item);
        list.Add(item);
        _items[call] = item;
        Configurable(call, item);
    }

    /// <summary>
    /// A configuration the analysis can read is a lambda written in place. Anything else (a method
    /// group, a variable) hides what it declares: the item is marked unknown and HR1002 says why.
    /// </summary>
    private void Configurable(IInvocationOperation call, object item)
    {
        var configure = call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "configure");
        if (configure is null || configure.ArgumentKind == ArgumentKind.DefaultValue || Known(configure) is { HasValue: true, Value: null })
        {
            return;
        }

        if (Unwrap(configure.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation })
        {
            return;
        }

        NonConstant(configure, "configuration", call.TargetMethod.Name, "Write the configuration as a lambda in place");
        Unknown(item, _outline, configure);
    }

    /// <summary>Marks what a declaration declares as not known at compile time.</summary>
    private static void Unknown(object item, PlaybookOutline outline, IArgumentOperation site)
    {
        switch (item)
        {
            case OutlineTerritory territory:
                territory.Claims.Add(new OutlineClaim(null, null, null, Site(site)) { IsKnown = false });
                break;
            case OutlineSegment segment:
                segment.BandsKnown = false;
                break;
            case OutlineMember member:
                member.Active = null;
                member.Capped = null;
                break;
            case OutlineQueue queue:
                queue.MembersKnown = false;
                break;
            case OutlineRoute route:
                route.Opaque = true;
                break;
            case OutlineSla sla:
                sla.BreachActions = null;
                break;
            case OutlineReason reason:
                reason.DestinationKnown = false;
                break;
            case OutlineHubSpot hubSpot:
                hubSpot.Known = false;
                break;
            case OutlineDefinition:
            case OutlineLifecycle:
            case OutlineAccount:
            case OutlineEscalation:
            case OutlineTrigger:
                outline.Complete = false;
                break;
        }
    }

    // --- Calls inside a declaration's lambda -------------------------------------------------

    private void Configure(object item, IInvocationOperation call)
    {
        var method = call.TargetMethod.Name;

        // Opening hours, the playbook's or a queue's: checked as the DSL checks them when built.
        if (call.TargetMethod.ContainingType.Name == "BusinessHoursBuilder")
        {
            if (method == "Open")
            {
                CheckHours(call, "Business hours");
            }
            else if (method == "Holidays")
            {
                foreach (var day in Refs(Arg(call, "days"), "holiday"))
                {
                    if (day.Written is { } text && !InvalidValues.IsDate(text))
                    {
                        _outline.ReadFindings.Add(new CheckFinding(CheckRules.InvalidValue, day.Site, Array.Empty<object?>(), _type.Name, InvalidValues.Date("Business hours", text)));
                    }
                }
            }

            return;
        }

        if (method == "BusinessHours" && call.TargetMethod.ContainingType.Name == "QueueBuilder")
        {
            CheckTimeZone(Arg(call, "timeZone"), "Business hours");
            return;
        }

        switch (item)
        {
            case OutlineDefinition definition:
                switch (method)
                {
                    case "Extends":
                        definition.Extends = Ref(Arg(call, "definition"), "definition name");
                        break;
                    case "MeetsAny":
                        definition.MeetsAny.AddRange(Refs(Arg(call, "definitions"), "definition name"));
                        break;
                    case "HandsOff":
                        definition.HandsOff = true;
                        break;
                    case "Stage":
                        definition.Stage = Ref(Arg(call, "stage"), "lifecycle stage");
                        break;
                }

                break;
            case OutlineLifecycle lifecycle:
                ConfigureLifecycle(lifecycle, call);
                break;
            case OutlineHubSpot hubSpot:
                ConfigureHubSpot(hubSpot, call);
                break;
            case OutlineTerritory territory:
                ConfigureTerritory(territory, call);
                break;
            case OutlineSegment segment:
                if (method is "Employees" or "Revenue")
                {
                    var band = Band(call, segment);
                    if (method == "Employees")
                    {
                        segment.Employees = band;
                    }
                    else
                    {
                        segment.Revenue = band;
                    }
                }

                break;
            case OutlineMember member:
                if (method == "Inactive")
                {
                    member.Active = false;
                }
                else if (method == "DailyCap")
                {
                    member.Capped = true;
                }
                else if (method == "TimeZone")
                {
                    CheckTimeZone(Arg(call, "timeZone"), $"Member '{member.Shown}'");
                }
                else if (method == "WorkingHours")
                {
                    CheckHours(call, $"Member '{member.Shown}'");
                }
                else if (method == "OutOfOffice")
                {
                    CheckDate(Arg(call, "from"), $"Member '{member.Shown}'");
                    CheckDate(Arg(call, "to"), $"Member '{member.Shown}'");
                }
                else if (method == "SlackId" && Constant(Arg(call, "memberId")) is string slackId && !InvalidValues.IsSlackId(slackId))
                {
                    Invalid(Arg(call, "memberId"), InvalidValues.SlackId($"Member '{member.Shown}'", slackId));
                }

                break;
            case OutlineQueue queue:
                if (method == "Members")
                {
                    queue.Members.AddRange(Refs(Arg(call, "memberIds"), "member id"));
                }
                else if (method == "Member")
                {
                    var member = Ref(Arg(call, "memberId"), "member id");
                    queue.Members.Add(member);
                    if (Constant(Arg(call, "weight")) is int weight && weight < 1)
                    {
                        Invalid(Arg(call, "weight"), InvalidValues.Weight(queue.Name ?? "?", member.Value ?? "?", weight));
                    }
                }

                break;
            case OutlineAccount account:
                if (method == "Domains")
                {
                    account.Domains.AddRange(Refs(Arg(call, "domains"), "domain"));
                }
                else if (method == "Owner")
                {
                    account.Owner = Ref(Arg(call, "memberId"), "member id");
                }
                else if (method == "Parent")
                {
                    account.Parent = Ref(Arg(call, "account"), "account name");
                }
                else if (method == "Segment")
                {
                    account.Segment = Ref(Arg(call, "segment"), "segment name");
                }
                else if (method == "Territory")
                {
                    account.Territory = Ref(Arg(call, "territory"), "territory name");
                }

                break;
            case OutlineRoute route:
                ConfigureRoute(route, call);
                break;
            case OutlineEscalation escalation:
                if (method == "From")
                {
                    escalation.FromQueues.AddRange(Refs(Arg(call, "queues"), "queue name"));
                }
                else if (method == "To")
                {
                    escalation.ToQueue = Ref(Arg(call, "queue"), "queue name");
                }

                break;
            case OutlineTrigger trigger:
                if (method == "StartSla")
                {
                    trigger.StartsSlas.Add(Ref(Arg(call, "sla"), "SLA name"));
                }

                break;
            case OutlineSla sla:
                if (call.TargetMethod.ContainingType.Name == "BreachBuilder")
                {
                    sla.BreachActions = sla.BreachActions + 1;
                    sla.Reassigns |= method == "ReassignToNextMember";
                    if (method == "Escalate" && Known(Arg(call, "escalation")) is { HasValue: true, Value: null })
                    {
                        sla.QueueEscalations.Add(CallSite(call));
                    }
                    else if (method == "Escalate" && Ref(Arg(call, "escalation"), "escalation name") is { Value: not null } escalation)
                    {
                        sla.EscalationRefs.Add(escalation);
                    }
                }
                else if (method == "OnBreach" && Unwrap(Arg(call, "configure").Value) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation })
                {
                    NonConstant(Arg(call, "configure"), "configuration", method, "Write the configuration as a lambda in place");
                    sla.BreachActions = null;
                }
                else if (method == "Within" && Constant(Arg(call, "hours")) is int hours && Constant(Arg(call, "minutes")) is int minutes && hours * 60 + minutes <= 0)
                {
                    Invalid(call.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.Explicit) ?? Arg(call, "hours"), InvalidValues.SlaLimit(sla.Name ?? "?"));
                }

                break;
            case OutlineReason reason:
                if (method == "NurtureTrack")
                {
                    reason.NurtureTrack = Ref(Arg(call, "track"), "nurture track name");
                }
                else if (method == "Misroute")
                {
                    reason.Misroute = true;
                }

                break;
        }
    }

    private void ConfigureLifecycle(OutlineLifecycle lifecycle, IInvocationOperation call)
    {
        switch (call.TargetMethod.Name)
        {
            case "Stage":
                lifecycle.Stages.Add(new OutlineItem(Name(Arg(call, "name"), "lifecycle stage"), Site(Arg(call, "name"))));
                break;
            case "Statuses":
                foreach (var status in Refs(Arg(call, "names"), "lead status"))
                {
                    lifecycle.Statuses.Add(new OutlineItem(status.Written, status.Site));
                }

                break;
            case "StartsAt":
                lifecycle.InitialStatus = Ref(Arg(call, "status"), "lead status");
                break;
            case "Transition":
                var from = Ref(Arg(call, "from"), "lead status");
                foreach (var to in Refs(Arg(call, "to"), "lead status"))
                {
                    lifecycle.Transitions.Add(new OutlineTransition(from, to));
                }

                break;
            case "OnAction":
                var stage = Known(Arg(call, "stage")) is { HasValue: true, Value: null } ? null : Ref(Arg(call, "stage"), "lifecycle stage");
                lifecycle.ActionStatuses.Add(new OutlineActionStatus(EnumName(Arg(call, "action")) ?? "?", Ref(Arg(call, "status"), "lead status"), stage));

                break;
        }
    }

    private void ConfigureTerritory(OutlineTerritory territory, IInvocationOperation call)
    {
        switch (call.TargetMethod.Name)
        {
            case "Country":
                var single = Ref(Arg(call, "country"), "country");
                territory.Claims.Add(new OutlineClaim(single.Value, null, null, single.Site) { IsKnown = single.Value is not null });
                break;
            case "Countries":
                foreach (var country in Refs(Arg(call, "countries"), "country"))
                {
                    territory.Claims.Add(new OutlineClaim(country.Value, null, null, country.Site) { IsKnown = country.Value is not null });
                }

                break;
            case "PostalCodesFrom":
                var list = Ref(Arg(call, "path"), "postal list path");
                if (list.Written is { } listPath && listPath.Trim().Length > 0)
                {
                    if (_files?.Find(listPath) is { } listFile)
                    {
                        DataFileOutline.Add(_outline, territory, listFile.PostalList(listPath.Trim()));
                    }
                    else
                    {
                        DataFileOutline.Missing(_outline, listPath.Trim(), list.Site);
                    }
                }
                else
                {
                    territory.Claims.Add(new OutlineClaim(null, null, null, list.Site) { IsKnown = false });
                }

                break;
            case "Regions":
            case "PostalPrefixes":
                var countryRef = Ref(Arg(call, "country"), "country");
                var regions = call.TargetMethod.Name == "Regions";
                foreach (var part in Refs(Arg(call, regions ? "regions" : "prefixes"), regions ? "region" : "postal prefix"))
                {
                    var claim = regions
                        ? new OutlineClaim(countryRef.Value, part.Value, null, part.Site)
                        : new OutlineClaim(countryRef.Value, null, part.Value, part.Site);
                    claim.IsKnown = countryRef.Value is not null && part.Value is not null;
                    territory.Claims.Add(claim);
                }

                break;
        }
    }

    private void ConfigureRoute(OutlineRoute route, IInvocationOperation call)
    {
        switch (call.TargetMethod.Name)
        {
            case "Definitions":
                route.Definitions = Condition(route.Definitions, Arg(call, "definitions"), "definition name");
                break;
            case "Territories":
                route.Territories = Condition(route.Territories, Arg(call, "territories"), "territory name");
                break;
            case "Segments":
                route.Segments = Condition(route.Segments, Arg(call, "segments"), "segment name");
                break;
            case "Sources":
                route.Sources ??= new OutlineCondition();
                var sources = Arg(call, "sources");
                foreach (var element in Elements(sources))
                {
                    var name = element is null ? null : EnumName(element);
                    if (name is null)
                    {
                        route.Sources.Opaque = true;
                        NonConstant(sources, "lead source", "Sources");
                    }
                    else
                    {
                        route.Sources.Values.Add(new OutlineRef(name, element!.Syntax.GetLocation()));
                    }
                }

                break;
            case "WhenAccountMatched":
                route.RequiresAccountMatch = true;
                break;
            case "When":
                route.HasPredicate = true;
                break;
            case "ToQueue":
                route.Queue = Ref(Arg(call, "queue"), "queue name");
                route.ToAccountOwner = false;
                break;
            case "ToAccountOwner":
                route.ToAccountOwner = true;
                route.RequiresAccountMatch = true;
                route.Queue = null;
                // A constant null (the default) means no backup queue; a value not known at compile
                // time is a backup queue whose name the checks skip.
                var backup = Arg(call, "backupQueue");
                route.BackupQueue = Known(backup) is { HasValue: true, Value: null } ? null : Ref(backup, "backup queue name");
                break;
        }
    }

    private OutlineCondition Condition(OutlineCondition? existing, IArgumentOperation argument, string what)
    {
        var condition = existing ?? new OutlineCondition();
        foreach (var value in Refs(argument, what))
        {
            if (value.Value is null)
            {
                condition.Opaque = true;
            }
            else
            {
                condition.Values.Add(value);
            }
        }

        return condition;
    }

    private OutlineBand? Band(IInvocationOperation call, OutlineSegment segment)
    {
        var minArgument = Arg(call, "min");
        var maxArgument = Arg(call, "max");
        var min = Constant(minArgument);
        var max = Constant(maxArgument);
        if (min is null || !Known(maxArgument).HasValue)
        {
            NonConstant(min is null ? minArgument : maxArgument, "band bound", call.TargetMethod.Name);
            segment.BandsKnown = false;
            return null;
        }

        var low = Convert.ToInt64(min, CultureInfo.InvariantCulture);
        long? high = max is null ? null : Convert.ToInt64(max, CultureInfo.InvariantCulture);
        if (!InvalidValues.IsBand(low, high))
        {
            Invalid(minArgument, InvalidValues.Band(segment.Name ?? "?", call.TargetMethod.Name == "Employees" ? "employees" : "annual revenue", low, high));
            segment.BandsKnown = false;
            return null;
        }

        return new OutlineBand(low, high, CallSite(call));
    }

    private void CheckHours(IInvocationOperation call, string owner)
    {
        if (Constant(Arg(call, "fromHour")) is int from && Constant(Arg(call, "toHour")) is int to && !InvalidValues.IsHours(from, to))
        {
            Invalid(Arg(call, "fromHour"), InvalidValues.Hours(owner, from, to));
        }
    }

    private void CheckTimeZone(IArgumentOperation argument, string owner)
    {
        if (Constant(argument) is string id && !TimeZones.IsKnown(id))
        {
            Invalid(argument, InvalidValues.TimeZone(owner, id));
        }
    }

    private void CheckDate(IArgumentOperation argument, string owner)
    {
        if (Constant(argument) is string text && !InvalidValues.IsDate(text))
        {
            Invalid(argument, InvalidValues.Date(owner, text));
        }
    }

    private void Finish()
    {
        var lifecycle = _outline.Lifecycle;
        if (lifecycle.InitialStatus is null && lifecycle.Statuses.Count > 0)
        {
            lifecycle.InitialStatus = new OutlineRef(lifecycle.Statuses[0].Written, lifecycle.Statuses[0].Site);
        }
    }

    // --- Values ----------------------------------------------------------------------------

    /// <summary>The argument for a parameter, wherever the caller wrote it (named arguments can come in any order).</summary>
    private static IArgumentOperation Arg(IInvocationOperation call, string parameter) =>
        call.Arguments.First(a => a.Parameter?.Name == parameter);

    private string? Name(IArgumentOperation? argument, string what) => argument is null ? null : Ref(argument, what).Written;

    private OutlineRef Ref(IArgumentOperation argument, string what)
    {
        if (Known(argument) is { HasValue: true } constant)
        {
            return new OutlineRef(constant.Value as string, Site(argument));
        }

        NonConstant(argument, what, (argument.Parent as IInvocationOperation)?.TargetMethod.Name ?? "?");
        return new OutlineRef(null, Site(argument));
    }

    private List<OutlineRef> Refs(IArgumentOperation argument, string what)
    {
        var result = new List<OutlineRef>();
        foreach (var element in Elements(argument))
        {
            if (element is not null && Unwrap(element).ConstantValue is { HasValue: true } constant)
            {
                result.Add(new OutlineRef(constant.Value as string, element.Syntax.GetLocation()));
            }
            else
            {
                NonConstant(argument, what, (argument.Parent as IInvocationOperation)?.TargetMethod.Name ?? "?");
                result.Add(new OutlineRef(null, Site(argument)));
            }
        }

        return result;
    }

    /// <summary>The elements of a params argument; a single null when they cannot be seen (an array variable).</summary>
    private static IEnumerable<IOperation?> Elements(IArgumentOperation argument)
    {
        if (Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues;
        }

        return argument.ArgumentKind == ArgumentKind.ParamArray ? Array.Empty<IOperation?>() : new IOperation?[] { null };
    }

    private static object? Constant(IArgumentOperation argument) =>
        Known(argument) is { HasValue: true } constant ? constant.Value : null;

    /// <summary>The argument's constant value, looking through implicit conversions (199 passed as int?).</summary>
    private static Optional<object?> Known(IArgumentOperation argument)
    {
        if (argument.ArgumentKind == ArgumentKind.DefaultValue && argument.Parameter is { HasExplicitDefaultValue: true } parameter)
        {
            return new Optional<object?>(parameter.ExplicitDefaultValue);
        }

        var value = argument.Value.ConstantValue;
        return value.HasValue ? value : Unwrap(argument.Value).ConstantValue;
    }

    private static string? EnumName(IOperation operation)
    {
        var value = Unwrap(operation);
        if (value.ConstantValue is not { HasValue: true } constant || value.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            return null;
        }

        return enumType.GetMembers().OfType<IFieldSymbol>()
            .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value))?.Name;
    }

    private static string? EnumName(IArgumentOperation argument) => EnumName(argument.Value);

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>A call from its method name to its closing parenthesis: "Employees(1, 199)".</summary>
    private static Location CallSite(IInvocationOperation call) =>
        call.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? Location.Create(call.Syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(access.Name.SpanStart, call.Syntax.Span.End))
            : call.Syntax.GetLocation();

    // Squiggle the value ("Former team"), not the argument name in front of it (backupQueue:).
    private static Location Site(IArgumentOperation? argument) => argument switch
    {
        null => Location.None,
        { ArgumentKind: ArgumentKind.Explicit } => argument.Value.Syntax.GetLocation(),
        _ => argument.Syntax.GetLocation(),
    };

    // HR1002 leads with what to write, in the reader's words; "compile-time constant" comes after.
    private void NonConstant(IArgumentOperation argument, string what, string method, string advice = "Write the value itself or a const")
    {
        var site = Site(argument);
        if (_outline.ReadFindings.Any(f => f.Rule == CheckRules.NonConstantArgument && Equals(f.Site, site)))
        {
            return;
        }

        _outline.ReadFindings.Add(new CheckFinding(CheckRules.NonConstantArgument, site, Array.Empty<object?>(), advice, what, method));
    }

    private void Invalid(IArgumentOperation argument, string message) =>
        _outline.ReadFindings.Add(new CheckFinding(CheckRules.InvalidValue, Site(argument), Array.Empty<object?>(), _type.Name, message));

    // Routes and definitions are ordered within the method body that declares them, and across the
    // playbook's own methods as far as Define's calls can be followed (OrderFromDefine).
    private int Group(IInvocationOperation call)
    {
        var key = GroupKey(call);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = _groups.Count;
            _groups.Add(key, group);
        }

        return group;
    }

    /// <summary>The method body a call is written in.</summary>
    private static string GroupKey(IInvocationOperation call)
    {
        IOperation root = call;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return DeclarationOrder.MethodKey(root.Syntax);
    }

    private T Ordered<T>(IInvocationOperation call, T item)
        where T : class
    {
        _order.Declares(GroupKey(call), NamePosition(call), item);
        return item;
    }

    private void OrderFromDefine()
    {
        var define = _type.GetMembers("Define").OfType<IMethodSymbol>().FirstOrDefault(m => m.IsOverride && m.Parameters.Length == 1);
        if (define?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not { } declaration)
        {
            return;
        }

        var entry = DeclarationOrder.MethodKey(declaration);
        if (!_groups.TryGetValue(entry, out var group))
        {
            group = _groups.Count;
            _groups.Add(entry, group);
        }

        _order.Apply(_outline, entry, group);
    }

    /// <summary>The playbook-level call whose lambda contains this call, if any.</summary>
    private static IInvocationOperation? Owner(IInvocationOperation call, DslSymbols dsl)
    {
        for (var parent = call.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IInvocationOperation invocation && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, dsl.PlaybookBuilder))
            {
                return invocation;
            }
        }

        return null;
    }
}
