using System.CommandLine;
using System.Text;
using HandoffRules.Intake;
using HandoffRules.Simulation;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff generate</c>: generated leads as JSON lines, to feed <c>handoff run</c> or another system.</summary>
internal static class GenerateCommand
{
    public static Command Create(Terminal terminal)
    {
        var rules = new RulesOptions();
        var leads = new LeadOptions(defaultLeads: 1000);
        var output = new Option<FileInfo?>("--out") { Description = "The file to write (default: standard output; missing folders are created).", HelpName = "leads.jsonl" };
        var command = new Command("generate",
            "Write generated leads as JSON lines, raw as a form or CRM sends them (aliases, ranges, gaps, duplicates): the input 'handoff run' reads. " +
            "The same seed gives the same file.\n\nExample: handoff generate --leads 5000 --seed 7 --out leads.jsonl && handoff run --input leads.jsonl");
        leads.AddTo(command);
        command.Options.Add(output);
        rules.AddTo(command);
        command.SetAction(parse => terminal.Run(() =>
        {
            var target = parse.GetValue(output);
            if (target is not null)
            {
                FileArguments.Output("--out", target.FullName);
            }

            var generator = leads.Generator(parse, rules.Build(parse));
            var count = leads.Count(parse);
            if (target is null)
            {
                // The leads are the output: no bar among them.
                return Write(generator, count, terminal.Output, _ => { });
            }

            // Ten million leads take about a minute: a person watching a file being written sees how far it is.
            using var file = new StreamWriter(target.FullName, false, new UTF8Encoding(false)) { NewLine = "\n" };
            return SimulateCommand.WithProgress(terminal, "Generating leads", count, progress => Write(generator, count, file, progress));
        }));
        return command;
    }

    private static int Write(LeadGenerator generator, int count, TextWriter writer, Action<int> progress)
    {
        var written = 0;
        foreach (var lead in generator.Generate(count))
        {
            writer.Write(LeadLines.Write(lead));
            writer.Write('\n');
            progress(++written);
        }

        return 0;
    }
}
