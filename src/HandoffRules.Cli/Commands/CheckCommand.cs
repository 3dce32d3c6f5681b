using System.CommandLine;
using HandoffRules.Validation;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff check</c>: the runtime twin of the analyzers.</summary>
internal static class CheckCommand
{
    public static Command Create(Terminal terminal)
    {
        var rules = new RulesOptions();
        var command = new Command("check",
            "Validate a playbook with the same checks the analyzers run at build time (missing fallback, overlapping territories, " +
            "segment gaps, shadowed routes, unknown or empty queues, SLAs without breach actions, reasons without nurture tracks, duplicate names). " +
            "Exits 1 when there are errors, 0 otherwise.\n\nExample: handoff check --rules rules/MyRules/bin/Release/net10.0/MyRules.dll");
        rules.AddTo(command);
        command.SetAction(parse => terminal.Run(() =>
        {
            var playbook = rules.Build(parse);
            var issues = PlaybookValidator.Validate(playbook);
            foreach (var issue in issues)
            {
                (issue.Severity == IssueSeverity.Error ? terminal.Error : terminal.Output).WriteLine(issue.ToString());
            }

            var errors = issues.Count(i => i.Severity == IssueSeverity.Error);
            var warnings = issues.Count(i => i.Severity == IssueSeverity.Warning);
            terminal.Output.WriteLine(
                $"Playbook '{playbook.Name}': {playbook.Definitions.Count} definitions, {playbook.Territories.Count} territories, {playbook.Segments.Count} segments, " +
                $"{playbook.Queues.Count} queues, {playbook.Routes.Count} routes, {playbook.Slas.Count} SLAs — {errors} error(s), {warnings} warning(s).");
            return errors > 0 ? 1 : 0;
        }));
        return command;
    }
}
