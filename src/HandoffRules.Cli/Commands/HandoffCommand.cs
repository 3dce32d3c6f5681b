using System.CommandLine;

namespace HandoffRules.Cli.Commands;

/// <summary>The <c>handoff</c> command line: one executable, a sub-command per job.</summary>
internal static class HandoffCommand
{
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var terminal = new Terminal(output, error);
        var root = new RootCommand(
            "HandoffRules: the lead-to-SDR handoff as code.\n\n" +
            "Runs on the embedded sample playbook (Acme Analytics) unless --rules points at your compiled rules assembly.\n\n" +
            "Start with:\n" +
            "  handoff simulate                 a week of the handoff in simulated time, and its health report\n" +
            "  handoff check                    validate the playbook (the same checks the analyzers run)\n" +
            "  handoff explain --lead lead.json why one lead goes where it goes\n" +
            "  handoff plan --baseline b.jsonl which leads a playbook change moves\n" +
            "  handoff coverage                 which rules no generated lead reaches\n" +
            "  handoff run --input leads.jsonl  run the handoff: route live leads, enforce SLAs, record everything\n" +
            "  handoff report --db handoff.db   the weekly handoff-health report from the event log");
        root.Subcommands.Add(SimulateCommand.Create(terminal));
        root.Subcommands.Add(ExplainCommand.Create(terminal));
        root.Subcommands.Add(CheckCommand.Create(terminal));
        root.Subcommands.Add(PlanCommand.Create(terminal));
        root.Subcommands.Add(CoverageCommand.Create(terminal));
        root.Subcommands.Add(GenerateCommand.Create(terminal));
        root.Subcommands.Add(RunCommand.Create(terminal));
        root.Subcommands.Add(ReportCommand.Create(terminal));
        return root;
    }
}
