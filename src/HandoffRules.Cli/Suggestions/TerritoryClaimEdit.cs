using HandoffRules.Model;

namespace HandoffRules.Cli.Suggestions;

/// <summary>
/// A state or region claimed by the territory whose queue accepts its leads, and no longer by the one
/// whose SDRs reject them as misrouted: the edit for a region repeatedly misrouted.
/// </summary>
/// <param name="Country">The country code.</param>
/// <param name="Region">The region code within it.</param>
/// <param name="From">The territory that routes the region's leads today (null when none claims it by name).</param>
/// <param name="To">The territory that should claim it.</param>
internal sealed record TerritoryClaimEdit(string Country, string Region, string? From, string To) : PlaybookEdit
{
    public override string Kind => "territory";

    public override string Subject => $"{Country}-{Region}";

    public override string Title => From is null
        ? $"territory '{To}' claims {Country}-{Region}"
        : $"move {Country}-{Region} from territory '{From}' to '{To}'";

    private bool IsClaim(TerritoryClaim claim) => claim.Country == Country && claim.Region == Region && claim.PostalPrefix is null;

    public override PlaybookModel Apply(PlaybookModel playbook) => playbook with
    {
        Territories = [.. playbook.Territories.Select(t =>
            t.Name == To ? t with { Claims = [.. t.Claims, new TerritoryClaim(Country, Region, null)] }
            : t.Name == From ? t with { Claims = [.. t.Claims.Where(c => !IsClaim(c))] }
            : t)],
    };

    public override (IReadOnlyList<SourceChange>? Changes, string? Why) Locate(RulesSource source, string playbookClass)
    {
        List<SourceChange> changes = [];
        string? why = null;
        if (From is not null && Single(source, playbookClass, "Territory", From, out why) is { } from)
        {
            // The region's argument out of the Regions call that names it; a call naming only it would be left empty.
            var found = RulesSource.Builder(from.Call) is { } builder
                ? RulesSource.CallsIn(builder, "Regions").Select(c => (Call: c, Index: IndexOf(c))).FirstOrDefault(x => x.Index > 0)
                : default;
            if (found.Call is null)
            {
                return (null, $"Territory(\"{From}\", ...) does not name {Region} in a Regions(...) call");
            }

            if (found.Call.ArgumentList.Arguments.Count < 3)
            {
                return (null, $"{Region} is the only region of its Regions(...) call in Territory(\"{From}\", ...)");
            }

            changes.Add(new SourceChange(from.File, RulesSource.WithoutArgument(found.Call, found.Index), ""));
        }
        else if (From is not null)
        {
            return (null, why);
        }

        if (Single(source, playbookClass, "Territory", To, out var whyTo) is not { } to)
        {
            return (null, whyTo);
        }

        if (RulesSource.Builder(to.Call) is not { } target)
        {
            return (null, $"Territory(\"{To}\", ...) does not end with a builder lambda");
        }

        // Added to the Regions call of the same country when there is one, as a new call otherwise.
        if (RulesSource.CallsIn(target, "Regions").FirstOrDefault(c => c.ArgumentList.Arguments.Count > 0
                && string.Equals(RulesSource.Literal(c.ArgumentList.Arguments[0].Expression), Country, StringComparison.OrdinalIgnoreCase)) is { } regions)
        {
            changes.Add(new SourceChange(to.File, new Microsoft.CodeAnalysis.Text.TextSpan(regions.ArgumentList.CloseParenToken.SpanStart, 0), $", \"{Region}\""));
        }
        else if (RulesSource.InsertAtChainStart(to.File, target, $".Regions(\"{Country}\", \"{Region}\")") is { } insert)
        {
            changes.Add(insert);
        }
        else
        {
            return (null, $"Territory(\"{To}\", ...) has no builder chain to add a Regions(...) call to");
        }

        return (changes, null);
    }

    private int IndexOf(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax regions)
    {
        var arguments = regions.ArgumentList.Arguments;
        for (var i = 1; i < arguments.Count; i++)
        {
            if (string.Equals(RulesSource.Literal(arguments[i].Expression), Region, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
