using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;

namespace HandoffRules.Analyzers.Infrastructure;

/// <summary>
/// The order a playbook's declarations run in, across the playbook's own helper methods: what each
/// method body declares and which helpers it hands the PlaybookBuilder to, by position. Route
/// shadowing (HR2004), definition order (HR4002) and which of two duplicates comes first (HR1003)
/// then read the playbook as the runtime builds it, however it is split into methods and files.
/// </summary>
internal sealed class DeclarationOrder
{
    // By method-body key: declarations (outline items) and calls (the callee's key), with positions.
    private readonly Dictionary<string, List<(int Position, object Step)>> _steps = new(StringComparer.Ordinal);

    /// <summary>The key of a method body: its file and where its declaration starts.</summary>
    public static string MethodKey(SyntaxNode declaration) =>
        declaration.SyntaxTree.FilePath + ":" + declaration.SpanStart.ToString(CultureInfo.InvariantCulture);

    /// <summary>A declaration written in a method body at a position.</summary>
    public void Declares(string method, int position, object item) => Add(method, position, item);

    /// <summary>A call, in a method body at a position, handing the builder to another method of the playbook.</summary>
    public void Calls(string method, int position, string callee) => Add(method, position, callee);

    /// <summary>
    /// Puts every route and definition the entry (Define) reaches — directly or through helpers, in
    /// call order — into the entry's group, numbered in the order they run, and sorts the outline's
    /// lists the same way. A helper is followed once (a second call would declare the same names
    /// again: HR1003) and a recursive call is not followed. What the entry never reaches keeps its
    /// own method's group and order, after what it reaches.
    /// </summary>
    public void Apply(PlaybookOutline outline, string entry, int group)
    {
        var order = 0;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var executed = new Dictionary<object, int>();
        Visit(entry);

        ByExecution(outline.Definitions, executed);
        ByExecution(outline.Territories, executed);
        ByExecution(outline.Segments, executed);
        ByExecution(outline.Members, executed);
        ByExecution(outline.Queues, executed);
        ByExecution(outline.Accounts, executed);
        ByExecution(outline.Routes, executed);
        ByExecution(outline.Escalations, executed);
        ByExecution(outline.Triggers, executed);
        ByExecution(outline.Slas, executed);
        ByExecution(outline.Reasons, executed);
        ByExecution(outline.NurtureTracks, executed);

        void Visit(string method)
        {
            if (!visited.Add(method) || !_steps.TryGetValue(method, out var steps))
            {
                return;
            }

            foreach (var (_, step) in steps.OrderBy(s => s.Position))
            {
                if (step is string callee)
                {
                    Visit(callee);
                    continue;
                }

                if (step is List<OutlineAccount> book)
                {
                    // An account book's accounts, declared by one call.
                    foreach (var account in book)
                    {
                        if (!executed.ContainsKey(account))
                        {
                            executed.Add(account, executed.Count);
                        }
                    }

                    continue;
                }

                if (!executed.ContainsKey(step))
                {
                    executed.Add(step, executed.Count);
                }

                switch (step)
                {
                    case OutlineRoute route:
                        route.Group = group;
                        route.Order = order++;
                        break;
                    case OutlineDefinition definition:
                        definition.Group = group;
                        definition.Order = order++;
                        break;
                }
            }
        }
    }

    // A stable sort: what the entry reaches first, in the order it runs; the rest after, as read.
    private static void ByExecution<T>(List<T> list, Dictionary<object, int> executed)
        where T : class
    {
        // Usually the list is read in the order it runs already (a 50,000-account book always is):
        // nothing to sort.
        var inOrder = true;
        long previous = -1;
        for (var i = 0; i < list.Count && inOrder; i++)
        {
            var rank = executed.TryGetValue(list[i], out var run) ? run : (long)executed.Count + i;
            inOrder = rank > previous;
            previous = rank;
        }

        if (inOrder)
        {
            return;
        }

        var read = new Dictionary<T, int>();
        for (var i = 0; i < list.Count; i++)
        {
            read[list[i]] = i;
        }

        list.Sort((a, b) => Rank(a).CompareTo(Rank(b)));

        long Rank(T item) => executed.TryGetValue(item, out var run) ? run : (long)executed.Count + read[item];
    }

    private void Add(string method, int position, object step)
    {
        if (!_steps.TryGetValue(method, out var steps))
        {
            steps = new List<(int Position, object Step)>();
            _steps.Add(method, steps);
        }

        steps.Add((position, step));
    }
}
