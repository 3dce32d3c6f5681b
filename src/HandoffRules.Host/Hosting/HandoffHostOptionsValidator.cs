using HandoffRules.Host.Telemetry;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Hosting;

/// <summary>Checks what attributes cannot: URLs, SMTP settings, API keys. Runs at start-up.</summary>
internal sealed class HandoffHostOptionsValidator : IValidateOptions<HandoffHostOptions>
{
    public ValidateOptionsResult Validate(string? name, HandoffHostOptions options)
    {
        var failures = new List<string>();
        foreach (var (channel, url) in options.Slack.Channels.Append(new("(default)", options.Slack.WebhookUrl!)).Where(c => c.Value is not null))
        {
            if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http"))
            {
                failures.Add($"Handoff:Slack: the webhook for {channel} is not an http(s) URL.");
            }
        }

        if (options.Smtp.Host is not null && string.IsNullOrWhiteSpace(options.Smtp.From))
        {
            failures.Add("Handoff:Smtp:From is required when Handoff:Smtp:Host is set.");
        }

        if (options.Smtp.Port is < 1 or > 65535)
        {
            failures.Add($"Handoff:Smtp:Port {options.Smtp.Port} is not a port.");
        }

        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            if (options.ApiKeys[i].Key.Length < 16)
            {
                failures.Add($"Handoff:ApiKeys:{i}:Key is shorter than 16 characters.");
            }
        }

        if (options.ApiKeys.GroupBy(k => k.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            failures.Add("Handoff:ApiKeys has the same key twice.");
        }

        if (options.HubSpot.MaxTimestampAge <= TimeSpan.Zero)
        {
            failures.Add("Handoff:HubSpot:MaxTimestampAge must be positive.");
        }

        if (options.Input is { } input and not "-" && HandoffHostPaths.InputProblem(input) is { } inputProblem)
        {
            failures.Add($"Handoff:Input: {inputProblem}");
        }

        if (options.UsesPostgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionStrings.Postgres))
            {
                failures.Add("Handoff:ConnectionStrings:Postgres is required when Handoff:Store is postgres (a postgres://user:password@host:5432/database URL or a connection string).");
            }
            else
            {
                try
                {
                    Store.PostgresConnection.Normalize(options.ConnectionStrings.Postgres);
                }
                catch (ArgumentException e)
                {
                    failures.Add($"Handoff:ConnectionStrings:Postgres: {e.Message}");
                }
            }
        }
        else if (HandoffHostPaths.DatabaseProblem(options.Database, mustExist: false) is { } databaseProblem)
        {
            failures.Add($"Handoff:Database: {databaseProblem}");
        }

        if (options.Replay && options.Follow)
        {
            failures.Add("Handoff:Replay with Handoff:Follow (--replay with --follow): a followed file is live input, so its SLA timers run on the wall clock.");
        }

        var otlp = options.Telemetry.Otlp;
        if (otlp.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("https" or "http")))
        {
            failures.Add("Handoff:Telemetry:Otlp:Endpoint is not an http(s) URL.");
        }

        if (otlp.Protocol is not (OtlpExportOptions.HttpProtobuf or OtlpExportOptions.Grpc))
        {
            failures.Add($"Handoff:Telemetry:Otlp:Protocol must be {OtlpExportOptions.HttpProtobuf} or {OtlpExportOptions.Grpc}.");
        }

        if (otlp.ExportInterval < TimeSpan.FromMilliseconds(10) || otlp.ExportInterval > TimeSpan.FromDays(1))
        {
            failures.Add("Handoff:Telemetry:Otlp:ExportInterval must be between 10 ms and a day.");
        }

        if (!options.Telemetry.Prometheus.Path.StartsWith('/'))
        {
            failures.Add("Handoff:Telemetry:Prometheus:Path must start with '/'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
