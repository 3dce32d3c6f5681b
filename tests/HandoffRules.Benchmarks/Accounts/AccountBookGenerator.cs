using System.Globalization;
using System.Text;
using HandoffRules.Model;

namespace HandoffRules.Benchmarks.Accounts;

/// <summary>
/// A deterministic account book of any size, in the shape a CRM export has: companies named like
/// real ones ("Keebler Logistics", "Hartmann-Ortiz", "Lind, Kuhn and Stamm"), each with its domain,
/// some with an alias domain, some subsidiaries of an earlier account — half of those without an
/// owner of their own, so they take their parent's — and an owner drawn from the members given.
/// The same count, seed and owners give the same file, byte for byte.
/// </summary>
public static class AccountBookGenerator
{
    /// <summary>The sample playbook's account executives, who own its accounts.</summary>
    public static readonly string[] SampleOwners = ["maya.chen", "david.okafor", "ryan.mitchell", "isabel.fernandez", "fatima.haddad"];

    private static readonly string[] Industries =
    [
        "Analytics", "Logistics", "Systems", "Labs", "Foods", "Health", "Energy", "Capital", "Robotics", "Software",
        "Media", "Motors", "Pharma", "Retail", "Networks", "Materials", "Aerospace", "Insurance", "Foundry", "Textiles",
        "Biotech", "Mining", "Telecom", "Freight", "Hospitality", "Security", "Payments", "Semiconductors", "Studios", "Outfitters",
    ];

    private static readonly string[] LegalForms = ["Inc", "LLC", "Group", "Holdings", "Corp", "Ltd", "GmbH", "Partners"];

    private static readonly (string Region, string Tld)[] Subsidiaries =
    [
        ("Europe", "eu"), ("UK", "co.uk"), ("Deutschland", "de"), ("France", "fr"), ("Japan", "jp"), ("Australia", "com.au"), ("Brasil", "com.br"), ("Canada", "ca"),
    ];

    private static readonly string[] LastNames = LoadLastNames();

    /// <summary>One account of a generated book.</summary>
    public sealed record Row(string Account, IReadOnlyList<string> Domains, string? Owner, string? Parent);

    /// <summary>The accounts, parents before their subsidiaries.</summary>
    public static List<Row> Rows(int count, int seed, IReadOnlyList<string> owners)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfZero(owners.Count);
        var random = new Random(seed);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var domains = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<Row>(count);
        var parents = new List<Row>();
        while (rows.Count < count)
        {
            // One account in ten is a subsidiary of an earlier one, named and domained after it.
            if (parents.Count > 10 && random.Next(10) == 0)
            {
                var parent = parents[random.Next(parents.Count)];
                var (region, tld) = Subsidiaries[random.Next(Subsidiaries.Length)];
                var name = $"{parent.Account} {region}";
                var domain = $"{Stem(parent.Domains[0])}.{tld}";
                if (names.Contains(name) || domains.Contains(domain))
                {
                    continue;
                }

                names.Add(name);
                domains.Add(domain);
                var owner = random.Next(2) == 0 ? null : owners[random.Next(owners.Count)];
                rows.Add(new Row(name, [domain], owner, parent.Account));
                continue;
            }

            var (company, stem) = Company(random);
            var primary = stem + (random.Next(4) == 0 ? ".io" : ".com");
            if (names.Contains(company) || domains.Contains(primary))
            {
                continue;
            }

            List<string> accountDomains = [primary];
            // Some companies also mail from an older or shorter domain: an alias.
            if (random.Next(7) == 0)
            {
                var alias = random.Next(2) == 0 ? stem + ".net" : stem.Split('-')[0] + "-corp.com";
                if (!domains.Contains(alias) && alias != primary)
                {
                    accountDomains.Add(alias);
                }
            }

            names.Add(company);
            domains.UnionWith(accountDomains);
            var row = new Row(company, accountDomains, owners[random.Next(owners.Count)], null);
            rows.Add(row);
            parents.Add(row);
        }

        return rows;
    }

    /// <summary>The book as an account book file (RFC 4180 quoting, a header row; LF line ends, as the repository keeps its text files).</summary>
    public static string Csv(IEnumerable<Row> rows)
    {
        var csv = new StringBuilder("account,domains,owner,parent\n");
        foreach (var row in rows)
        {
            csv.Append(Field(row.Account)).Append(',')
                .Append(Field(string.Join(";", row.Domains))).Append(',')
                .Append(Field(row.Owner ?? "")).Append(',')
                .Append(Field(row.Parent ?? "")).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The book as the model's accounts, as the DSL reads them from the file.</summary>
    public static List<Account> Accounts(IEnumerable<Row> rows, string path) =>
        [.. rows.Select((row, i) => new Account(row.Account, [.. row.Domains], row.Owner) { Parent = row.Parent, Origin = new FileOrigin(path, i + 2) })];

    private static (string Name, string Stem) Company(Random random)
    {
        var first = LastNames[random.Next(LastNames.Length)];
        switch (random.Next(6))
        {
            case 0:
            case 1:
            {
                var industry = Industries[random.Next(Industries.Length)];
                return ($"{first} {industry}", Slug(first) + Slug(industry));
            }

            case 2:
            {
                var form = LegalForms[random.Next(LegalForms.Length)];
                return ($"{first} {form}", Slug(first) + Slug(form));
            }

            case 3:
            {
                var second = LastNames[random.Next(LastNames.Length)];
                return ($"{first}-{second}", Slug(first) + "-" + Slug(second));
            }

            case 4:
            {
                var second = LastNames[random.Next(LastNames.Length)];
                var third = LastNames[random.Next(LastNames.Length)];
                return ($"{first}, {second} and {third}", Slug(first) + Slug(second) + Slug(third));
            }

            default:
            {
                var second = LastNames[random.Next(LastNames.Length)];
                var industry = Industries[random.Next(Industries.Length)];
                return ($"{first} & {second} {industry}", Slug(first) + "-" + Slug(second));
            }
        }
    }

    private static string Stem(string domain) => domain[..domain.IndexOf('.', StringComparison.Ordinal)];

    private static string Slug(string word) =>
        new([.. word.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);

    private static string Field(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    // Bogus's English last names, in its own order, so the names read like real companies.
    private static string[] LoadLastNames()
    {
        var names = new Bogus.DataSets.Name("en");
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        names.Random = new Bogus.Randomizer(1);
        for (var i = 0; i < 20_000; i++)
        {
            var name = names.LastName();
            if (name.All(c => char.IsAsciiLetter(c) || c == '\''))
            {
                seen.Add(name);
            }
        }

        return [.. seen];
    }

    /// <summary>Writes a book: <c>account-book &lt;file&gt; &lt;count&gt; [seed]</c> (sample owners).</summary>
    public static int Write(string[] args)
    {
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50_000;
        var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 17;
        File.WriteAllText(args[1], Csv(Rows(count, seed, SampleOwners)), new UTF8Encoding(false));
        return 0;
    }
}
