using System.CommandLine;
using System.Globalization;
using System.Text;
using HandoffRules.Reporting;
using HandoffRules.Reporting.Rendering;

namespace HandoffRules.Cli.Commands;

/// <summary>The options of the commands that print a health report and can also write it to files, and the writing.</summary>
internal sealed class ReportFileOptions
{
    public Option<FileInfo?> Html { get; } = new("--html")
    {
        Description = "Also write the report as a self-contained HTML page with charts (missing folders are created).",
        HelpName = "report.html",
    };

    public Option<DirectoryInfo?> Csv { get; } = new("--csv")
    {
        Description = "Also write the report as CSV files (one per table) into this folder (created if missing).",
        HelpName = "folder",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Html);
        command.Options.Add(Csv);
    }

    /// <summary>Checks the paths and makes missing folders, before the work whose results they will hold.</summary>
    public void Check(ParseResult parse)
    {
        if (parse.GetValue(Html) is { } html)
        {
            FileArguments.Output("--html", html.FullName);
        }

        if (parse.GetValue(Csv) is { } csv)
        {
            FileArguments.OutputFolder("--csv", csv.FullName);
        }
    }

    public void Write(Terminal terminal, HealthReport report, ParseResult parse)
    {
        if (parse.GetValue(Html) is { } html)
        {
            File.WriteAllText(html.FullName, HtmlReport.Render(report), new UTF8Encoding(false));
            terminal.Output.WriteLine($"HTML report written to {html.Name}.");
        }

        if (parse.GetValue(Csv) is { } csv)
        {
            var files = CsvReport.Write(report, csv.FullName);
            terminal.Output.WriteLine($"{files.Count.ToString(CultureInfo.InvariantCulture)} CSV files written to {csv.Name}/.");
        }
    }
}
