using System.Net;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HandoffRules.Host.Tests;

/// <summary>The SQLite store serves one host: a second is refused, nothing overwrites the distribution state, a lost file is noticed.</summary>
public sealed class SingleWriterStoreTests
{
    [Fact]
    public async Task A_second_host_on_the_same_database_is_refused_at_once_naming_the_holder()
    {
        await using var first = await RunningHost.StartAsync();

        var refused = await Assert.ThrowsAsync<StoreInUseException>(() => RunningHost.StartAsync(settings: new Dictionary<string, string?> { ["Handoff:Database"] = first.Store.Path }));

        Assert.Contains($"process {Environment.ProcessId} on {Environment.MachineName}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SQLite serves one host at a time", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_is_free_again_once_its_host_stops()
    {
        var folder = Directory.CreateTempSubdirectory("handoff-lock-").FullName;
        using var cleanup = new DeleteOnDispose(folder);
        var settings = new Dictionary<string, string?> { ["Handoff:Database"] = Path.Combine(folder, "handoff.db") };
        await using (var first = await RunningHost.StartAsync(settings: settings))
        {
            await first.App.StopAsync();
        }

        await using var second = await RunningHost.StartAsync(settings: settings);
        Assert.Equal(0, (await second.Store.CountAsync(CancellationToken.None)).Ingested);
    }

    [Fact]
    public async Task Work_that_routes_nothing_never_writes_the_distribution_state()
    {
        await using var host = await RunningHost.StartAsync(input: [.. Leads.Generated(40, at: DateTimeOffset.UtcNow).Select(Leads.Line)]);
        await host.WaitForAsync(c => c.Ingested == 40);

        // Whatever is stored now is the truth (as if another writer had committed it); the host's
        // copy is older. Work that assigns nobody must leave it alone.
        const string marker = """{"Queues":[],"Members":[{"MemberId":"olivia.bennett","Day":"2026-11-30","Count":7}]}""";
        await ExecuteAsync(host.Store.Path, $"UPDATE distribution SET snapshot = '{marker}'");
        var queue = host.App.Services.GetRequiredService<HandoffQueue>();
        await queue.SubmitAsync(new DeadLetterWork("test", "test:1", "test 1", "{}", "test 1: unusable", DateTimeOffset.UtcNow) { Completion = HandoffWork.Waiting() }, CancellationToken.None);
        await queue.SubmitAsync(new ActionWork("test", "t1", "test 2", "NO_SUCH_LEAD", Model.SdrAction.Touch, null, null, null, null, DateTimeOffset.UtcNow) { Completion = HandoffWork.Waiting() }, CancellationToken.None);

        Assert.Equal(marker, await ScalarAsync(host.Store.Path, "SELECT snapshot FROM distribution"));
    }

    [Fact]
    public async Task A_host_refuses_a_database_upgraded_by_a_newer_version()
    {
        var folder = Directory.CreateTempSubdirectory("handoff-schema-").FullName;
        using var cleanup = new DeleteOnDispose(folder);
        var settings = new Dictionary<string, string?> { ["Handoff:Database"] = Path.Combine(folder, "handoff.db") };
        await using (var first = await RunningHost.StartAsync(settings: settings))
        {
            Assert.Equal(SqliteHandoffStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync(first.Store.Path, "SELECT value FROM meta WHERE key = 'schema_version'"));
            await first.App.StopAsync();
        }

        await ExecuteAsync(settings["Handoff:Database"]!, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");

        var refused = await Assert.ThrowsAsync<StoreSchemaException>(() => RunningHost.StartAsync(settings: settings));
        Assert.Contains("schema version 99, newer than this host knows", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_deleted_under_the_host_makes_it_not_ready()
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        File.Delete(host.Store.Path);

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.False(File.Exists(host.Store.Path), "the readiness check must not create a new, empty database");
    }

    [Fact]
    public async Task The_readiness_probe_does_not_read_the_history()
    {
        // An orchestrator probes every few seconds for as long as the host runs: the probe must cost the
        // same on the first day and after years of history. It counted the whole inputs table, four times
        // over, twice a probe; with that table out of its reach it still answers.
        await using var host = await RunningHost.StartAsync();
        using var client = host.Client();

        // The processor opens its session, which reads the store, once the host has started: the
        // table goes out of reach only after that (before, the processor could not start at all).
        var status = host.App.Services.GetRequiredService<ProcessorStatus>();
        await Eventually.HoldsAsync(() => status.Running, "the processor started");
        await ExecuteAsync(host.Store.Path, "ALTER TABLE inputs RENAME TO inputs_out_of_reach");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
