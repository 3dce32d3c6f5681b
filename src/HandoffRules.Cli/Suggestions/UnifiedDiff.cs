using System.Globalization;
using System.Text;

namespace HandoffRules.Cli.Suggestions;

/// <summary>
/// A unified diff of two versions of a text file, three lines of context, the format <c>git apply</c>
/// and <c>patch -p1</c> read. Rules files are small, so a plain longest-common-subsequence table does.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Create(string path, string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var script = Script(a, b);
        if (script.All(s => s.Kind == ' '))
        {
            return "";
        }

        var output = new StringBuilder();
        output.Append("--- a/").Append(path).Append('\n').Append("+++ b/").Append(path).Append('\n');
        var changed = Enumerable.Range(0, script.Count).Where(i => script[i].Kind != ' ').ToList();
        var first = 0;
        while (first < changed.Count)
        {
            // A hunk: the changes from here, merged while they are within two contexts of each other.
            var last = first;
            while (last + 1 < changed.Count && changed[last + 1] - changed[last] <= 2 * Context)
            {
                last++;
            }

            var start = Math.Max(0, changed[first] - Context);
            var end = Math.Min(script.Count, changed[last] + Context + 1);
            var hunk = script.GetRange(start, end - start);
            var oldStart = script.Take(start).Count(s => s.Kind != '+') + 1;
            var newStart = script.Take(start).Count(s => s.Kind != '-') + 1;
            var oldCount = hunk.Count(s => s.Kind != '+');
            var newCount = hunk.Count(s => s.Kind != '-');
            output.Append(CultureInfo.InvariantCulture, $"@@ -{Range(oldCount == 0 ? oldStart - 1 : oldStart, oldCount)} +{Range(newCount == 0 ? newStart - 1 : newStart, newCount)} @@\n");
            foreach (var line in hunk)
            {
                output.Append(line.Kind).Append(line.Text).Append('\n');
            }

            first = last + 1;
        }

        return output.ToString();
    }

    private static string Range(int start, int count) => count == 1 ? start.ToString(CultureInfo.InvariantCulture) : $"{start.ToString(CultureInfo.InvariantCulture)},{count.ToString(CultureInfo.InvariantCulture)}";

    // Lines without their terminators; a final line break ends the last line rather than starting an empty one.
    private static string[] Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static List<(char Kind, string Text)> Script(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var script = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                script.Add((' ', a[x++]));
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                script.Add(('+', b[y++]));
            }
            else
            {
                script.Add(('-', a[x++]));
            }
        }

        // Removals before additions within a run of changes, as diff tools print them.
        for (var i = 0; i < script.Count;)
        {
            var j = i;
            while (j < script.Count && script[j].Item1 != ' ')
            {
                j++;
            }

            if (j > i)
            {
                var run = script.GetRange(i, j - i).OrderBy(s => s.Item1 == '+' ? 1 : 0).ToList();
                script.RemoveRange(i, j - i);
                script.InsertRange(i, run);
            }

            i = j + 1;
        }

        return script;
    }
}
