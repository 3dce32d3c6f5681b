using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.DependencyInjection;

namespace HandoffRules.Cli.Commands;

/// <summary>The <c>handoff</c> command line: one executable, a sub-command per job.</summary>
internal static class HandoffCommand
{
    /// <summary>
    /// Parses and runs a command line. A parse error prints one line and where to read the usage,
    /// not the whole help: the help is one <c>--help</c> away and would bury the error.
    /// </summary>
    /// <param name="args">The arguments after the executable's name.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where problems go.</param>
    /// <param name="hostServices">A last word on the services of the host <c>handoff run</c> builds (tests add services here).</param>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, Action<IServiceCollection>? hostServices = null)
    {
        var parse = Create(output, error, hostServices).Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine("error: " + parse.Errors[0].Message);
            error.WriteLine($"Run '{CommandPath(parse.CommandResult)} --help' for usage.");
            return Task.FromResult(1);
        }

        // The runner host handles Ctrl+C and SIGTERM itself, to drain what it accepted before it stops.
        return parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
    }

    public static RootCommand Create(TextWriter output, TextWriter error, Action<IServiceCollection>? hostServices = null)
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
            "  handoff report --db handoff.db   the weekly handoff-health report from the event log\n" +
            "  handoff accounts pull --hubspot  the account book's owners from HubSpot, as a reviewable diff");
        root.Subcommands.Add(SimulateCommand.Create(terminal));
        root.Subcommands.Add(ExplainCommand.Create(terminal));
        root.Subcommands.Add(CheckCommand.Create(terminal));
        root.Subcommands.Add(PlanCommand.Create(terminal));
        root.Subcommands.Add(CoverageCommand.Create(terminal));
        root.Subcommands.Add(GenerateCommand.Create(terminal));
        root.Subcommands.Add(RunCommand.Create(terminal, hostServices));
        root.Subcommands.Add(ReportCommand.Create(terminal));
        root.Subcommands.Add(SuggestCommand.Create(terminal));
        root.Subcommands.Add(MigrateCommand.Create(terminal));
        root.Subcommands.Add(AccountsCommand.Create(terminal));
        return root;
    }

    // "handoff simulate": the root is named after the executable, which differs when hosted in-process.
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (var result = command; result.Parent is CommandResult parent; result = parent)
        {
            names.Add(result.Command.Name);
        }

        names.Add("handoff");
        names.Reverse();
        return string.Join(' ', names);
    }
}
