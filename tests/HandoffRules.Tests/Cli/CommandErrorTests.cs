using System.Diagnostics;
using HandoffRules.Cli.Commands;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Cli;

/// <summary>A user's mistake gets one line that names the option, and a hint — never a stack trace or a page of help.</summary>
public sealed class CommandErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-cli-errors-").FullName;

    private string In(string name) => Path.Combine(_folder, name);

    [Theory]
    [InlineData("simulate", "--leads", "abc")]
    [InlineData("simulate", "--no-such-option")]
    [InlineData("report", "--from", "16/11/2026")]
    [InlineData("plan")]
    public async Task Parse_errors_print_one_line_and_a_hint_not_the_help(params string[] args)
    {
        var (exit, output, error) = await CliRunner.Run(args);

        Assert.Equal(1, exit);
        var lines = Lines(error);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Equal($"Run 'handoff {args[0]} --help' for usage.", lines[1]);
        Assert.DoesNotContain("Description:", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--leads", "simulate", "--leads", "0")]
    [InlineData("--leads", "simulate", "--leads", "-5")]
    [InlineData("--leads", "simulate", "--routing-only", "--leads", "0")]
    [InlineData("--leads", "generate", "--leads", "0")]
    [InlineData("--leads", "coverage", "--leads", "0")]
    [InlineData("--leads", "plan", "--baseline", "baseline.jsonl", "--leads", "0")]
    [InlineData("--days", "simulate", "--days", "0")]
    [InlineData("--days", "coverage", "--days", "-1")]
    [InlineData("--show", "plan", "--baseline", "baseline.jsonl", "--show", "-1")]
    public async Task Counts_below_their_minimum_are_refused_with_one_line(string option, params string[] args)
    {
        var (exit, _, error) = await CliRunner.Run(args);

        Assert.Equal(1, exit);
        var lines = Lines(error);
        Assert.Contains(option, lines[0], StringComparison.Ordinal);
        Assert.Contains("at least", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task A_date_that_is_not_a_date_says_what_a_date_looks_like()
    {
        var (_, _, error) = await CliRunner.Run("report", "--from", "16/11/2026");

        Assert.Contains("--from", Lines(error)[0], StringComparison.Ordinal);
        Assert.Contains("expected a date like 2026-11-16", Lines(error)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_take_a_day_or_a_full_timestamp_as_utc()
    {
        var parse = HandoffCommand.Create(TextWriter.Null, TextWriter.Null).Parse(["report", "--from", "2026-11-16", "--to", "2026-11-17T09:30:00+01:00"]);

        Assert.Empty(parse.Errors);
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), parse.GetValue<DateTimeOffset?>("--from"));
        Assert.Equal(TimeSpan.Zero, parse.GetValue<DateTimeOffset?>("--from")!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 17, 8, 30, 0, TimeSpan.Zero), parse.GetValue<DateTimeOffset?>("--to"));
    }

    [Fact]
    public async Task Report_dates_mean_utc_days_whatever_the_machine_time_zone()
    {
        var database = In("week.db");
        var handoff = typeof(HandoffCommand).Assembly.Location;
        await Child(handoff, ["simulate", "--leads", "400", "--days", "3", "--seed", "5", "--db", database], ("TZ", "UTC"));

        string[] report = ["report", "--db", database, "--from", "2026-11-03", "--to", "2026-11-04"];
        var utc = await Child(handoff, report, ("TZ", "UTC"));
        Assert.Equal(utc, await Child(handoff, report, ("TZ", "Pacific/Auckland")));
        Assert.Equal(utc, await Child(handoff, report, ("TZ", "America/Los_Angeles")));
    }

    [Theory]
    [InlineData("--input", "run", "--input", "{folder}", "--db", "{db}", "--urls", "http://127.0.0.1:0")]
    [InlineData("--db", "run", "--db", "{folder}", "--urls", "http://127.0.0.1:0")]
    [InlineData("--rules", "check", "--rules", "{folder}")]
    [InlineData("--lead", "explain", "--lead", "{folder}")]
    [InlineData("--baseline", "plan", "--baseline", "{folder}")]
    [InlineData("--db", "report", "--db", "{folder}")]
    [InlineData("--db", "simulate", "--leads", "10", "--days", "1", "--db", "{folder}")]
    [InlineData("--out", "simulate", "--routing-only", "--leads", "10", "--out", "{folder}")]
    [InlineData("--html", "simulate", "--leads", "10", "--days", "1", "--html", "{folder}")]
    [InlineData("--out", "generate", "--leads", "10", "--out", "{folder}")]
    public async Task A_folder_given_for_a_file_is_refused_with_one_line_naming_the_option(string option, params string[] args)
    {
        var folder = Directory.CreateDirectory(In("given")).FullName;
        var (exit, _, error) = await CliRunner.Run([.. args.Select(a => a.Replace("{folder}", folder, StringComparison.Ordinal).Replace("{db}", In("handoff.db"), StringComparison.Ordinal))]);

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith("error: " + option, line, StringComparison.Ordinal);
        Assert.Contains("is a folder", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("these are notes, not a database\n")]
    public async Task Report_on_a_file_that_is_not_a_handoff_database_says_so_in_one_line(string content)
    {
        await File.WriteAllTextAsync(In("notes.db"), content);

        var (exit, _, error) = await CliRunner.Run("report", "--db", In("notes.db"));

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith("error: --db", line, StringComparison.Ordinal);
        Assert.Contains("not a handoff database", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_on_a_sqlite_file_without_an_event_log_says_so_in_one_line()
    {
        var path = In("other.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes (text TEXT)";
            command.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var (exit, _, error) = await CliRunner.Run("report", "--db", path);

        Assert.Equal(1, exit);
        Assert.Contains("not a handoff database", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outputs_into_missing_folders_create_them()
    {
        var (exit, _, error) = await CliRunner.Run("simulate", "--leads", "60", "--days", "1", "--out", In("a/b/decisions.jsonl"), "--html", In("c/report.html"), "--csv", In("d/e"));

        Assert.True(exit == 0, error);
        Assert.True(File.Exists(In("a/b/decisions.jsonl")));
        Assert.True(File.Exists(In("c/report.html")));
        Assert.NotEmpty(Directory.GetFiles(In("d/e")));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<string> Child(string handoff, string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(handoff);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stdout + await stderr);
        return await stdout;
    }
}
