using System.CommandLine;
using System.Text;
using HandoffRules.Intake;

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
            if (parse.GetValue(output) is { } target)
            {
                FileArguments.Output("--out", target.FullName);
            }

            var generator = leads.Generator(parse, rules.Build(parse));
            using var file = parse.GetValue(output) is { } f ? new StreamWriter(f.FullName, false, new UTF8Encoding(false)) { NewLine = "\n" } : null;
            var writer = (TextWriter?)file ?? terminal.Output;
            foreach (var lead in generator.Generate(leads.Count(parse)))
            {
                writer.Write(LeadLines.Write(lead));
                writer.Write('\n');
            }

            return 0;
        }));
        return command;
    }
}
