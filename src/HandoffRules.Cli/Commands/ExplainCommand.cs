using System.CommandLine;
using System.Text.Json;
using HandoffRules.Intake;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff explain</c>: why one lead goes where it goes.</summary>
internal static class ExplainCommand
{
    public static Command Create(Terminal terminal)
    {
        var rules = new RulesOptions();
        var lead = new Option<string>("--lead")
        {
            Description = "A lead as JSON (a file, or - for standard input), in the shape of a lead line: " +
                          "{\"id\": \"L1\", \"email\": \"dana@northwind-traders.com\", \"country\": \"USA\", \"state\": \"california\", \"employees\": \"501-1000\", " +
                          "\"source\": \"demo_request\", \"score\": 72, \"event\": {\"type\": \"demo_request\", \"occurred_at\": \"2026-11-03T15:00:00Z\"}}",
            Required = true,
            HelpName = "lead.json",
        };
        var command = new Command("explain",
            "Show the decision trace for one lead: intake fixes, every definition and disqualifier, territory, segment and account, " +
            "each route tried and why it failed or matched, the distribution's pick, the trigger and the SLA deadlines.\n\n" +
            "Example: handoff explain --lead lead.json");
        command.Options.Add(lead);
        rules.AddTo(command);
        command.SetAction(parse => terminal.Run(() =>
        {
            var input = Read(parse.GetValue(lead)!);
            var router = Router.Compile(rules.Build(parse));
            var intake = LeadNormalizer.Normalize(input, LeadGenerator.DefaultStart);
            if (intake.Lead is null)
            {
                throw new Loading.CommandException($"the lead cannot be routed: {intake.Error}.");
            }

            var trace = new DecisionTrace();
            var decision = router.Route(intake.Lead, router.NewState(), trace);
            var record = DecisionRecord.From(decision);
            terminal.Output.WriteLine($"Lead {record.LeadId}: {record.Outcome} — {record.Rule} -> {record.Destination}{(record.Member is not null && record.Queue is not null ? $" ({record.Member})" : "")}");
            if (record.FirstTouchDue is not null || record.AcceptanceDue is not null)
            {
                terminal.Output.WriteLine($"First touch due {DecisionRecord.Format(record.FirstTouchDue)} UTC ({record.FirstTouchSla ?? "-"}), acceptance due {DecisionRecord.Format(record.AcceptanceDue)} UTC ({record.AcceptanceSla ?? "-"}).");
            }

            terminal.Output.WriteLine();
            terminal.Output.Write(trace.ToString());
            return 0;
        }));
        return command;
    }

    private static LeadInput Read(string path)
    {
        string json;
        try
        {
            json = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(FileArguments.Existing("--lead", path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Loading.CommandException($"--lead: cannot read '{path}': {e.Message}");
        }

        try
        {
            return JsonSerializer.Deserialize<LeadInput>(json, LeadLines.Options) ?? throw new Loading.CommandException("--lead: the file holds null, not a lead.");
        }
        catch (JsonException e)
        {
            throw new Loading.CommandException($"--lead: '{path}' is not a lead: {e.Path} {e.Message}");
        }
    }
}
