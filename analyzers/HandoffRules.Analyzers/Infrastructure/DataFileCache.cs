using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace HandoffRules.Analyzers.Infrastructure;

/// <summary>
/// What the data files of a rules project hold, read once per text. Every playbook analyzer reads
/// the playbook's outline, data files included, so without this a 50,000-row account book would be
/// parsed by each analyzer in turn, and again on every edit of the C# code. The compiler and the IDE
/// hand every analyzer, and every compilation of an unchanged file, the same <see cref="SourceText"/>;
/// what was read from it lives as long as that text does (a weak table: an edited file's old text
/// and its reading are collected together, so nothing grows without bound).
/// </summary>
internal static class DataFileCache
{
    private static readonly ConditionalWeakTable<SourceText, Reads> Texts = new();

    /// <summary>
    /// What <paramref name="read"/> makes of <paramref name="text"/> under <paramref name="key"/>
    /// (the kind of file and the paths it is reported at): made once, even when analyzers ask at the
    /// same time, and shared, so it must not be changed.
    /// </summary>
    public static T Read<T>(SourceText text, string key, Func<T> read)
        where T : class
    {
        var reads = Texts.GetValue(text, _ => new Reads());
        var once = reads.ByKey.GetOrAdd(key, _ => new Lazy<object>(
            () =>
            {
                Interlocked.Increment(ref reads.Parses);
                return read();
            },
            LazyThreadSafetyMode.ExecutionAndPublication));
        return (T)once.Value;
    }

    /// <summary>How many times a text was parsed (for tests: once per kind and path).</summary>
    internal static int ParsesOf(SourceText text) => Texts.TryGetValue(text, out var reads) ? Volatile.Read(ref reads.Parses) : 0;

    private sealed class Reads
    {
        public readonly ConcurrentDictionary<string, Lazy<object>> ByKey = new(StringComparer.Ordinal);

        public int Parses;
    }
}
