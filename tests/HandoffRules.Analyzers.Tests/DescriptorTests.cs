using System.Reflection;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Analyzers.Tests.Build;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Tests;

public sealed class DescriptorTests
{
    private static readonly DiagnosticAnalyzer[] Analyzers = [.. typeof(PlaybookAnalyzer).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    private static readonly DiagnosticDescriptor[] All = [.. Analyzers.SelectMany(a => a.SupportedDiagnostics)];

    [Fact]
    public void Every_rule_of_the_runtime_validator_has_exactly_one_analyzer_descriptor()
    {
        Assert.Equal(CheckRules.All.Select(r => r.Id).Order(), All.Select(d => d.Id).Order());
    }

    [Fact]
    public void Descriptors_match_the_shared_rules_in_title_message_category_and_severity()
    {
        foreach (var descriptor in All)
        {
            var rule = CheckRules.All.Single(r => r.Id == descriptor.Id);
            Assert.Equal(rule.Title, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(rule.MessageFormat, descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(rule.Category, descriptor.Category);
            Assert.Equal((int)rule.Severity, (int)descriptor.DefaultSeverity - 1);
        }
    }

    [Fact]
    public void Every_descriptor_has_a_help_link_to_its_page_and_the_page_exists()
    {
        foreach (var descriptor in All)
        {
            Assert.Equal($"https://github.com/handoffrules/handoffrules/blob/main/docs/rules/{descriptor.Id}.md", descriptor.HelpLinkUri);
            var page = Path.Combine(Dotnet.RepositoryRoot, "docs", "rules", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{descriptor.Id} has no help page at docs/rules/{descriptor.Id}.md");
            Assert.StartsWith($"# {descriptor.Id}:", File.ReadAllText(page), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_analyzer_is_in_a_file_named_for_it_with_a_test_file_beside()
    {
        foreach (var analyzer in Analyzers)
        {
            var name = analyzer.GetType().Name;
            Assert.True(File.Exists(Path.Combine(Dotnet.RepositoryRoot, "analyzers", "HandoffRules.Analyzers", "Rules", name + ".cs")), name);
            Assert.True(File.Exists(Path.Combine(Dotnet.RepositoryRoot, "tests", "HandoffRules.Analyzers.Tests", "Rules", name + "Tests.cs")), name + "Tests");
        }
    }

    [Fact]
    public void Release_tracking_lists_every_rule()
    {
        var unshipped = File.ReadAllText(Path.Combine(Dotnet.RepositoryRoot, "analyzers", "HandoffRules.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.All(All, d => Assert.Contains(d.Id + " |", unshipped, StringComparison.Ordinal));
    }
}
