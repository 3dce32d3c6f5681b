using HandoffRules.Model;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HandoffRules.Cli.Suggestions;

/// <summary>
/// A route that no lead reached in the last 90 days taken out of the playbook: quarterly rule
/// maintenance, so the playbook stays the policy the team actually runs.
/// </summary>
/// <param name="Route">The route.</param>
/// <param name="Since">The start of the 90 days.</param>
internal sealed record RouteRemovalEdit(string Route, DateTimeOffset Since) : PlaybookEdit
{
    public override string Kind => "rule";

    public override string Subject => Route;

    public override string Title => $"remove route '{Route}': no lead reached it since {Since:yyyy-MM-dd}";

    public override PlaybookModel Apply(PlaybookModel playbook) => playbook with
    {
        Routes = [.. playbook.Routes.Where(r => r.Name != Route)],
    };

    public override (IReadOnlyList<SourceChange>? Changes, string? Why) Locate(RulesSource source, string playbookClass)
    {
        if (Single(source, playbookClass, "Route", Route, out var why) is not { } call)
        {
            return (null, why);
        }

        return call.Call.Parent is ExpressionStatementSyntax statement
            ? ([new SourceChange(call.File, RulesSource.Lines(call.File, statement), "")], null)
            : (null, $"Route(\"{Route}\", ...) is part of a longer statement");
    }
}
