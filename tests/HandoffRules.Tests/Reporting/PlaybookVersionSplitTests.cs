using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Reporting;
using HandoffRules.Reporting.Rendering;

namespace HandoffRules.Tests.Reporting;

/// <summary>During a rolling deploy two playbook versions decide at once: the report can split by the version that routed each lead.</summary>
public sealed class PlaybookVersionSplitTests
{
    private static readonly ReportWindow Week = new(At("2026-11-02 00:00"), At("2026-11-09 00:00"));
    private static readonly PlaybookVersion Old = new("1.4.0", "0123456789abcdef");
    private static readonly PlaybookVersion New = new("1.5.0", "fedcba9876543210");

    // A and B routed by 1.4.0, C by 1.5.0, D before versions were recorded; A and C accepted.
    private static List<HandoffEvent> Log()
    {
        var log = new List<HandoffEvent>();
        void Add(string lead, string type, string at, PlaybookVersion? playbook) =>
            log.Add(new HandoffEvent(log.Count + 1, lead, type, At(at), new JsonObject { ["source"] = "Paid", ["segment"] = "SMB", ["queue"] = "Q1", ["member"] = "m1" }) { Playbook = playbook });
        Add("D", HandoffEventTypes.Routed, "2026-11-02 09:00", null);
        Add("A", HandoffEventTypes.Routed, "2026-11-02 10:00", Old);
        Add("B", HandoffEventTypes.Routed, "2026-11-02 10:30", Old);
        Add("C", HandoffEventTypes.Routed, "2026-11-02 11:00", New);
        Add("A", HandoffEventTypes.Accepted, "2026-11-02 12:00", New);
        Add("C", HandoffEventTypes.Accepted, "2026-11-02 12:00", New);
        return log;
    }

    private static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public void Each_lead_counts_for_the_version_that_routed_it()
    {
        var report = HealthReportBuilder.Build(Log(), Week, byPlaybookVersion: true);

        Assert.Equal(
            [("1.4.0 (0123456789abcdef)", 2, 1), (HealthReportBuilder.NoPlaybookVersion, 1, 0), ("1.5.0 (fedcba9876543210)", 1, 1)],
            report.ByPlaybookVersion.Select(s => (s.Key, s.Figures.HandedOff, s.Figures.Accepted)));
    }

    [Fact]
    public void The_split_is_left_out_unless_asked_for_and_then_written_to_its_own_csv_and_html_table()
    {
        Assert.Empty(HealthReportBuilder.Build(Log(), Week).ByPlaybookVersion);

        var folder = Directory.CreateTempSubdirectory("handoff-version-split-").FullName;
        try
        {
            var plain = CsvReport.Write(HealthReportBuilder.Build(Log(), Week), Path.Combine(folder, "plain"));
            Assert.DoesNotContain(plain, f => f.EndsWith("by_playbook_version.csv", StringComparison.Ordinal));

            var split = HealthReportBuilder.Build(Log(), Week, byPlaybookVersion: true);
            var files = CsvReport.Write(split, Path.Combine(folder, "split"));
            var csv = File.ReadAllLines(Assert.Single(files, f => f.EndsWith("by_playbook_version.csv", StringComparison.Ordinal)));
            Assert.StartsWith("playbook_version,", csv[0], StringComparison.Ordinal);
            Assert.StartsWith("1.4.0 (0123456789abcdef),2,", csv[1], StringComparison.Ordinal);

            Assert.Contains("By playbook version", HtmlReport.Render(split), StringComparison.Ordinal);
            Assert.DoesNotContain("By playbook version", HtmlReport.Render(HealthReportBuilder.Build(Log(), Week)), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
