using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace HandoffRules.Model;

/// <summary>
/// Which playbook made a decision: the informational version of the assembly the playbook was
/// compiled into (what its build stamped, e.g. "1.4.0" or "1.4.0+3f2a9c1") and a hash of the
/// canonical model's content. The version orders deployments; the hash tells apart two builds that
/// carry the same version but route differently.
/// </summary>
/// <param name="Version">The informational version; "0.0.0" for a playbook built without an assembly version.</param>
/// <param name="ContentHash">The first 16 hex digits of the SHA-256 of the printed model (see <see cref="HashOf"/>).</param>
public sealed record PlaybookVersion(string Version, string ContentHash)
{
    /// <summary>The version of a playbook whose assembly carries none.</summary>
    public const string Unversioned = "0.0.0";

    /// <summary>The version of a model built by a playbook class, read from the assembly it was compiled into.</summary>
    public static PlaybookVersion Of(PlaybookModel playbook, Assembly? compiledInto) =>
        new(compiledInto?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { Length: > 0 } version ? version : Unversioned,
            HashOf(playbook));

    /// <summary>
    /// The content hash of a model: SHA-256 over its printed form — the records' own text, which
    /// prints every part of the model by value (the same form two models compare by) — printed with
    /// the invariant culture so that every machine computes the same hash.
    /// </summary>
    public static string HashOf(PlaybookModel playbook)
    {
        var culture = CultureInfo.CurrentCulture;
        string text;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            text = playbook.ToString();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>
    /// True when this version is older than <paramref name="other"/>, by semantic-version precedence
    /// of <see cref="Version"/> (build metadata after '+' is ignored, a pre-release comes before its
    /// release). The same version with another hash is not older: it is another build of that version.
    /// </summary>
    public bool IsOlderThan(PlaybookVersion other) => Compare(Version, other.Version) < 0;

    /// <summary>Semantic-version precedence of two informational versions: negative when <paramref name="left"/> comes first.</summary>
    public static int Compare(string left, string right)
    {
        var (leftCore, leftPre) = Split(left);
        var (rightCore, rightPre) = Split(right);
        for (var i = 0; i < Math.Max(leftCore.Length, rightCore.Length); i++)
        {
            var order = Part(leftCore, i).CompareTo(Part(rightCore, i));
            if (order != 0)
            {
                return order;
            }
        }

        // A release comes after its pre-releases.
        if (leftPre.Length == 0 || rightPre.Length == 0)
        {
            return (leftPre.Length == 0).CompareTo(rightPre.Length == 0);
        }

        for (var i = 0; i < Math.Min(leftPre.Length, rightPre.Length); i++)
        {
            var leftNumber = long.TryParse(leftPre[i], NumberStyles.None, CultureInfo.InvariantCulture, out var l);
            var rightNumber = long.TryParse(rightPre[i], NumberStyles.None, CultureInfo.InvariantCulture, out var r);
            var order = leftNumber && rightNumber ? l.CompareTo(r)
                : leftNumber != rightNumber ? (leftNumber ? -1 : 1)
                : string.CompareOrdinal(leftPre[i], rightPre[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return leftPre.Length.CompareTo(rightPre.Length);
    }

    /// <summary>"1.4.0 (3f2a9c1d0b7e4a55)": how messages and reports name it.</summary>
    public override string ToString() => $"{Version} ({ContentHash})";

    private static (long[] Core, string[] PreRelease) Split(string version)
    {
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        var text = plus < 0 ? version : version[..plus];
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var core = (dash < 0 ? text : text[..dash]).TrimStart('v', 'V').Split('.')
            .Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .ToArray();
        return (core, dash < 0 ? [] : text[(dash + 1)..].Split('.'));
    }

    private static long Part(long[] core, int index) => index < core.Length ? core[index] : 0;
}
