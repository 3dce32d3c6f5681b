using System.CommandLine;
using HandoffRules.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff run</c>: the runner host.</summary>
internal static class RunCommand
{
    public static Command Create(Terminal terminal, Action<IServiceCollection>? hostServices = null)
    {
        var rules = new RulesOptions();

        // No option here has a default of its own: one given wins, else configuration (appsettings.json,
        // then the environment) decides, else the host's built-in default. The help says which is which.
        var input = new Option<string?>("--input")
        {
            Description = "JSON lines to take in: a file, or - for standard input. A line is a lead, or an SDR action with \"kind\": \"sdr_action\". " +
                          "Without --follow, --listen or --urls the command exits 0 once the input is finished and every line committed. Default: none (webhooks and API only); also Handoff:Input / Handoff__Input.",
            HelpName = "leads.jsonl",
        };
        var follow = new Option<bool>("--follow")
        {
            Description = "Keep reading the input file as it grows (live input: SLA timers run on the wall clock). Default: off; also Handoff:Follow / Handoff__Follow.",
        };
        var replay = new Option<bool>("--replay")
        {
            Description = "Replay a finished file of history: SLA timers run on the input's own clock (event time up to the last line read), not the wall clock. " +
                          "Implied for a file read without --follow, --listen or --urls. Default: off; also Handoff:Replay / Handoff__Replay.",
        };
        var listen = new Option<bool>("--listen")
        {
            Description = "Keep serving webhooks, the SDR API and health checks after the input is finished, until Ctrl+C or SIGTERM. " +
                          "Implied by --urls; always so without --input. Default: off; also Handoff:Listen / Handoff__Listen.",
        };
        var database = new Option<string?>("--db")
        {
            Description = "The store: an SQLite file (created if missing; one host), or a PostgreSQL database for several hosts on one database, " +
                          "as a URL (postgres://user:password@host:5432/handoff) or a connection string (Host=db;Database=handoff;Username=handoff). " +
                          "Default: handoff.db; also Handoff:Database / Handoff__Database, or Handoff:Store=postgres with Handoff:ConnectionStrings:Postgres.",
            HelpName = "handoff.db|postgres://…",
        };
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where the webhook, the SDR API and the health checks listen; giving it asks the host to keep listening (--listen). " +
                          $"Default: {HandoffHost.DefaultUrls}; also Handoff:Urls / Handoff__Urls, or ASPNETCORE_URLS.",
            HelpName = "url",
        };
        var allowOlder = new Option<bool>("--allow-older-playbook")
        {
            Description = "Start even when the playbook's version is older than the newest one that already ran on this database (a deliberate rollback). " +
                          "Without it such a host refuses to start, naming both versions. Default: off; also Handoff:AllowOlderPlaybook / Handoff__AllowOlderPlaybook.",
        };
        var command = new Command("run",
            "Run the handoff: take leads from a JSON-lines file or standard input, HubSpot webhooks (POST /webhooks/hubspot) and the SDR API " +
            "(POST /api/leads/{id}/{action}); dedupe, qualify and route them with the compiled playbook; create tasks, queue Slack and e-mail alerts, " +
            "start and enforce SLA timers; record every step in the database. Stop with Ctrl+C or SIGTERM: what was accepted is finished first.\n\n" +
            "A file read without --follow, --listen or --urls is history: it is replayed (SLA timers on the file's own clock) and the command exits 0 " +
            "once every line is committed. It exits non-zero when the host stops for any other reason than Ctrl+C, SIGTERM or a finished input.\n\n" +
            "Settings come from the options, else appsettings.json in the current folder, else the environment (Handoff__Key), else the defaults.\n" +
            "Secrets come from configuration or the environment, never from rules:\n" +
            "  Handoff__HubSpot__ClientSecret, Handoff__HubSpot__AccessToken, Handoff__Slack__WebhookUrl,\n" +
            "  Handoff__Smtp__Host/Port/User/Password/From, Handoff__ApiKeys__0__Key and Handoff__ApiKeys__0__Member.\n" +
            "Logs: Logging__Console__FormatterName=json for log shippers. Metrics: Handoff__Telemetry__Otlp__Endpoint, Handoff__Telemetry__Prometheus__Enabled=true (/metrics).\n\n" +
            "Examples:\n  handoff run --input leads.jsonl --db handoff.db\n  handoff run --urls http://0.0.0.0:8080 --db postgres://handoff@db:5432/handoff   (one of several hosts)\n  tail -f leads.jsonl | handoff run --input -\n  handoff run --input leads.jsonl --follow\n  handoff run --urls http://0.0.0.0:8080");
        command.Options.Add(input);
        command.Options.Add(follow);
        command.Options.Add(replay);
        command.Options.Add(listen);
        command.Options.Add(database);
        command.Options.Add(urls);
        command.Options.Add(allowOlder);
        rules.AddTo(command);
        command.SetAction(async parse =>
        {
            var settings = new Dictionary<string, string?>();
            WebApplication? app = null;
            var built = terminal.Run(() =>
            {
                if (parse.GetValue(input) is { } path)
                {
                    settings["Handoff:Input"] = path != "-" && HandoffHostPaths.InputProblem(path) is { } problem
                        ? throw new Loading.CommandException($"--input: {problem}")
                        : path;
                }

                if (parse.GetValue(database) is { } postgres && Host.Store.PostgresConnection.Names(postgres))
                {
                    try
                    {
                        Host.Store.PostgresConnection.Normalize(postgres);
                    }
                    catch (ArgumentException e)
                    {
                        throw new Loading.CommandException($"--db: {e.Message}");
                    }

                    settings["Handoff:Store"] = "postgres";
                    settings["Handoff:ConnectionStrings:Postgres"] = postgres;
                }
                else if (parse.GetValue(database) is { } file)
                {
                    settings["Handoff:Database"] = HandoffHostPaths.DatabaseProblem(file, mustExist: false) is { } problem
                        ? throw new Loading.CommandException($"--db: {problem}")
                        : file;
                }

                Flag(parse, follow, "Handoff:Follow", settings);
                Flag(parse, replay, "Handoff:Replay", settings);
                Flag(parse, listen, "Handoff:Listen", settings);
                Flag(parse, allowOlder, "Handoff:AllowOlderPlaybook", settings);
                if (parse.WasGiven(urls) && !parse.WasGiven(listen))
                {
                    settings["Handoff:Listen"] = "true";
                }

                var (playbook, version) = rules.BuildVersioned(parse);
                app = HandoffHost.Build(new HandoffHostSettings
                {
                    Playbook = playbook,
                    PlaybookVersion = version,
                    Urls = parse.GetValue(urls),
                    Settings = settings,
                    StopWhenInputFinished = true,
                    Services = hostServices,
                });
                return 0;
            });
            if (built != 0 || app is null)
            {
                return built;
            }

            // Taken before the run: running disposes the host's services.
            var shutdown = app.Services.GetRequiredService<HostShutdown>();
            try
            {
                // A busy address is found before any service starts: otherwise the processor may already
                // be running (and logging) when the web server fails to bind, and the generic host reports
                // that failure with a stack trace of its own.
                if (BusyAddress(app.Configuration[WebHostDefaults.ServerUrlsKey]) is { } busy)
                {
                    terminal.Error.WriteLine($"error: Failed to bind to address {busy}: address already in use. {AnotherAddress}");
                    return 1;
                }

                // The host handles Ctrl+C and SIGTERM itself: it stops taking input and drains the queue.
                await app.RunAsync();
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures)
                {
                    terminal.Error.WriteLine("error: " + failure);
                }

                return 1;
            }
            catch (OperationCanceledException)
            {
                // Stopped while starting (a signal, or a service that failed at once): the shutdown record says which.
            }
            catch (IOException e) when (e.InnerException is AddressInUseException)
            {
                terminal.Error.WriteLine($"error: {e.Message} {AnotherAddress}");
                return 1;
            }
            catch (Exception e) when (e is HostStartException or IOException or UnauthorizedAccessException or SqliteException or Npgsql.NpgsqlException)
            {
                terminal.Error.WriteLine("error: the host could not start: " + e.Message);
                return 1;
            }
            finally
            {
                await app.DisposeAsync();
            }

            if (shutdown.Failure is { } failed)
            {
                terminal.Error.WriteLine("error: " + failed);
                return 1;
            }

            if (!shutdown.Clean)
            {
                terminal.Error.WriteLine("error: the host stopped without being asked to; its log says why.");
                return 1;
            }

            return 0;
        });
        return command;
    }

    private const string AnotherAddress = "Choose another address with --urls (or Handoff:Urls).";

    /// <summary>
    /// The first of the host's addresses (semicolon-separated URLs) that another process already
    /// listens on, or null. Only addresses that name an IP or localhost and a port are tried; the web
    /// server still reports anything else, and an address taken between this check and its bind.
    /// </summary>
    internal static string? BusyAddress(string? urls)
    {
        foreach (var url in (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Port <= 0)
            {
                continue;
            }

            var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
            if (address is null)
            {
                continue;
            }

            try
            {
                var listener = new TcpListener(address, uri.Port);
                listener.Start();
                listener.Stop();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
            catch (SocketException)
            {
                // Not ours to judge (no such interface, no permission): the web server says what is wrong.
            }
        }

        return null;
    }

    // A flag counts only when given, so configuration decides otherwise (--follow false is a choice too).
    private static void Flag(ParseResult parse, Option<bool> option, string key, Dictionary<string, string?> settings)
    {
        if (parse.WasGiven(option))
        {
            settings[key] = parse.GetValue(option) ? "true" : "false";
        }
    }
}
