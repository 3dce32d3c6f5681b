using System.CommandLine;
using HandoffRules.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff run</c>: the runner host.</summary>
internal static class RunCommand
{
    public static Command Create(Terminal terminal)
    {
        var rules = new RulesOptions();
        var input = new Option<string?>("--input") { Description = "JSON lines to take in: a file, or - for standard input. A line is a lead, or an SDR action with \"kind\": \"sdr_action\".", HelpName = "leads.jsonl" };
        var follow = new Option<bool>("--follow") { Description = "Keep reading the input file as it grows." };
        var database = new Option<string>("--db") { Description = "The SQLite database (created if missing).", DefaultValueFactory = _ => "handoff.db", HelpName = "handoff.db" };
        var urls = new Option<string>("--urls") { Description = "Where the webhook, the SDR API and the health checks listen.", DefaultValueFactory = _ => "http://127.0.0.1:5080", HelpName = "url" };
        var command = new Command("run",
            "Run the handoff: take leads from a JSON-lines file or standard input, HubSpot webhooks (POST /webhooks/hubspot) and the SDR API " +
            "(POST /api/leads/{id}/{action}); dedupe, qualify and route them with the compiled playbook; create tasks, queue Slack and e-mail alerts, " +
            "start and enforce SLA timers; record every step in the database. Stop with Ctrl+C: what was accepted is finished first.\n\n" +
            "Secrets come from configuration or the environment, never from rules:\n" +
            "  Handoff__HubSpot__ClientSecret, Handoff__HubSpot__AccessToken, Handoff__Slack__WebhookUrl,\n" +
            "  Handoff__Smtp__Host/Port/User/Password/From, Handoff__ApiKeys__0__Key and Handoff__ApiKeys__0__Member.\n\n" +
            "Examples:\n  handoff run --input leads.jsonl --db handoff.db\n  tail -f leads.jsonl | handoff run --input -\n  handoff run --urls http://0.0.0.0:8080");
        command.Options.Add(input);
        command.Options.Add(follow);
        command.Options.Add(database);
        command.Options.Add(urls);
        rules.AddTo(command);
        command.SetAction(async parse =>
        {
            var settings = new Dictionary<string, string?> { ["Handoff:Database"] = parse.GetValue(database) };
            if (parse.GetValue(input) is { } path)
            {
                settings["Handoff:Input"] = path;
            }

            if (parse.GetValue(follow))
            {
                settings["Handoff:Follow"] = "true";
            }

            WebApplication? app = null;
            var built = terminal.Run(() =>
            {
                app = HandoffHost.Build(new HandoffHostSettings { Playbook = rules.Build(parse), Urls = parse.GetValue(urls)!, Settings = settings });
                return 0;
            });
            if (built != 0 || app is null)
            {
                return built;
            }

            try
            {
                // The host handles Ctrl+C and SIGTERM itself: it stops taking input and drains the queue.
                await app.RunAsync();
                return 0;
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures)
                {
                    terminal.Error.WriteLine("error: " + failure);
                }

                return 1;
            }
            finally
            {
                await app.DisposeAsync();
            }
        });
        return command;
    }
}
