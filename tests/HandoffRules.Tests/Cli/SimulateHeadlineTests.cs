using System.Globalization;
using System.Text.RegularExpressions;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Cli;

/// <summary><c>handoff simulate</c>: the headline's counts and the report's agree, or it says exactly why not.</summary>
public sealed partial class SimulateHeadlineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-headline-").FullName;

    [Fact]
    public async Task The_headline_reconciles_leads_and_breaches_with_the_report()
    {
        var csv = Path.Combine(_folder, "week");
        var (exit, output, error) = await CliRunner.Run("simulate", "--leads", "600", "--seed", "7", "--csv", csv);
        Assert.True(exit == 0, error);

        var headline = Headline().Match(output);
        Assert.True(headline.Success, output);
        var (arrived, breaches) = (Number(headline.Groups["arrived"].Value), Number(headline.Groups["breaches"].Value));

        var split = Split().Match(output);
        Assert.True(split.Success, output);
        var (inWindow, before, after) = (Number(split.Groups["in"].Value), Number(split.Groups["before"].Value), Number(split.Groups["after"].Value));
        Assert.Equal(arrived, inWindow + before + after);
        Assert.True(before + after > 0, "seed 7 has leads whose local arrival falls outside the UTC window");
        Assert.Contains($"handed off {Ingested().Match(output).Groups["handed"].Value} of {split.Groups["in"].Value} ingested", output, StringComparison.Ordinal);

        // The report's own breached timers (sla.csv) plus the ones it leaves out make the headline's.
        var counted = File.ReadAllLines(Path.Combine(csv, "sla.csv")).Skip(1).Sum(l => int.Parse(l.Split(',')[2], CultureInfo.InvariantCulture));
        var breachLine = Breaches().Match(output);
        if (breachLine.Success)
        {
            Assert.Equal(counted, Number(breachLine.Groups["counted"].Value));
            Assert.Equal(breaches, counted + Number(breachLine.Groups["outside"].Value));
        }
        else
        {
            Assert.Contains($"it counts all {breaches:N0} breached timers", output, StringComparison.Ordinal);
            Assert.Equal(breaches, counted);
        }
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<arrived>[\d,]+) leads arrived, SDRs took [\d,]+ actions, (?<breaches>[\d,]+) SLA timers breached\.")]
    private static partial Regex Headline();

    [GeneratedRegex(@"(?<in>[\d,]+) of the [\d,]+ leads arrived in it; (?<before>[\d,]+) arrived before it and (?<after>[\d,]+) after it")]
    private static partial Regex Split();

    [GeneratedRegex(@"handed off (?<handed>[\d,]+) of")]
    private static partial Regex Ingested();

    [GeneratedRegex(@"it counts (?<counted>[\d,]+) breached timers, the [\d,]+ less (?<outside>[\d,]+) on leads handed off outside it")]
    private static partial Regex Breaches();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
