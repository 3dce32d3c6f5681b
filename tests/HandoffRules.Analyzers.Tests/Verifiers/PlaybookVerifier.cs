using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace HandoffRules.Analyzers.Tests.Verifiers;

/// <summary>
/// Verifies an analyzer on playbook sources written with markup: <c>{|HR2001:"GB"|}</c> marks
/// where a diagnostic is expected. Several sources make a playbook split across partial files.
/// </summary>
public static class PlaybookVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(params string[] sources)
    {
        var test = new Test();
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"Playbook{i}.cs", PlaybookSources.Usings + sources[i]));
        }

        return test.RunAsync();
    }

    /// <summary>
    /// A playbook with data files of the rules project (its AdditionalFiles); diagnostics in a file
    /// are expected at a line and column of it (<paramref name="expected"/>), in the sources by markup.
    /// </summary>
    public static Task VerifyWithFilesAsync(string source, (string Path, string Text)[] files, params DiagnosticResult[] expected)
    {
        var test = new Test();
        test.TestState.Sources.Add(("Playbook0.cs", PlaybookSources.Usings + source));
        foreach (var file in files)
        {
            test.TestState.AdditionalFiles.Add((file.Path, file.Text));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = PlaybookSources.ReferenceAssemblies;
            TestState.AdditionalReferences.AddRange(PlaybookSources.References);
        }
    }
}

/// <summary>Verifies a code fix: the markup source, the source after the fix, and after Fix All.</summary>
public static class PlaybookCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource, int? iterations = null)
    {
        var test = new Test
        {
            TestCode = PlaybookSources.Usings + source,
            FixedCode = PlaybookSources.Usings + fixedSource,
        };
        if (iterations is { } n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = n;
        }

        return test.RunAsync();
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = PlaybookSources.ReferenceAssemblies;
            TestState.AdditionalReferences.AddRange(PlaybookSources.References);
            FixedState.AdditionalReferences.AddRange(PlaybookSources.References);
        }
    }
}
