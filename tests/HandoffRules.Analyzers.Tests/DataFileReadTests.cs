using System.Collections.Immutable;
using System.Reflection;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HandoffRules.Analyzers.Tests;

/// <summary>
/// Every playbook analyzer reads the outline, data files and all, but a data file is parsed once
/// per content: a 50,000-row account book must not be parsed by each of the analyzers, nor again
/// for each edit of the C# code that leaves the file alone.
/// </summary>
public sealed class DataFileReadTests
{
    private const string Source = PlaybookSources.Usings + """
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Queue("Triage", q => q.Members("ana"));
                handoff.Territory("Paris", t => t.PostalCodesFrom("paris.csv"));
                handoff.AccountsFrom("accounts.csv");
                handoff.Fallback("Triage");
            }
        }
        """;

    [Fact]
    public async Task Each_data_file_is_parsed_once_for_all_analyzers_and_for_later_compilations_of_the_same_text()
    {
        // Contents no other test uses, so the counts are this test's alone.
        var book = new SharedText("accounts.csv", $"account,domains,owner\nGlobex {Guid.NewGuid():N},globex.com,ana\nUmbrella,umbrella,ana\n");
        var postal = new SharedText("paris.csv", $"country,postal_code\nFR,75001\nFR,{Guid.NewGuid():N}\n");
        var analyzers = typeof(PlaybookAnalyzer).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var options = new AnalyzerOptions([book, postal]);

        var first = await Analyze(Source, analyzers, options);
        // An edit of the playbook's code: a new compilation, the same data files.
        var second = await Analyze(Source.Replace("\"Ana\"", "\"Ana Lopez\"", StringComparison.Ordinal), analyzers, options);

        Assert.True(analyzers.Length > 10);
        Assert.Equal(1, DataFileCache.ParsesOf(book.Text));
        Assert.Equal(1, DataFileCache.ParsesOf(postal.Text));
        // The findings in the files are still reported, once each, in both compilations.
        foreach (var diagnostics in new[] { first, second })
        {
            Assert.Single(diagnostics, d => d.Id == "HR2011" && d.Location.GetLineSpan().Path == "accounts.csv" && d.Location.GetLineSpan().StartLinePosition.Line == 2);
        }
    }

    private static async Task<ImmutableArray<Diagnostic>> Analyze(string source, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options)
    {
        var compilation = CSharpCompilation.Create("Acme", [CSharpSyntaxTree.ParseText(source)], PlaybookSources.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>An additional file that hands out one text, as the compiler's and the IDE's do.</summary>
    private sealed class SharedText(string path, string text) : AdditionalText
    {
        public SourceText Text { get; } = SourceText.From(text);

        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => Text;
    }
}
