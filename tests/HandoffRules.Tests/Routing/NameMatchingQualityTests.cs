using System.Globalization;
using System.Text;
using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

/// <summary>
/// Matching quality measured on a generated, labelled set: a book of accounts (some of them
/// subsidiaries) and free-mail leads whose company is written the way people write it — another
/// legal suffix, other case and punctuation, "The", "&amp;" for "and", accents dropped, a typo, an
/// abbreviation — plus leads from companies the book does not have. The table in
/// docs/benchmarks.md is this test's output.
/// </summary>
public sealed class NameMatchingQualityTests
{
    private const int Seed = 17;
    private const double Threshold = 0.9;

    private static readonly string[] Roots =
    [
        "Northwind", "Globex", "Initech", "Umbrella", "Hooli", "Soylent", "Vandelay", "Wonka", "Stark", "Wayne",
        "Cyberdyne", "Tyrell", "Aperture", "Gringotts", "Monarch", "Oscorp", "Pendant", "Prestige", "Sterling", "Duff",
        "Blue Harbor", "Red Rock", "Silver Lake", "Green Valley", "Iron Bridge", "Golden Gate", "Clear Water", "Stone Field", "Bright Path", "Oak Ridge",
        "Société Lumière", "Müller", "Nørrebro", "Åkerlund", "Crème", "Zürich", "Peña", "Łódź", "Señor", "Dvořák",
        "Black & White", "Smith and Wesson", "Ernst & Partner", "Salt and Pepper", "Marks & Spencer",
    ];

    private static readonly string[] Industries =
    [
        "Logistics", "Analytics", "Software", "Foods", "Energy", "Robotics", "Pharmaceuticals", "Capital", "Media", "Health",
        "Systems", "Labs", "Holdings", "Partners", "Consulting", "Manufacturing", "Networks", "Biotech", "Insurance", "Retail",
    ];

    private static readonly string[] Suffixes = ["", " Inc.", " Corp", " Corporation", " LLC", " Ltd", " Limited", " GmbH", " AG", " S.A.", " Pty Ltd", " plc"];

    private static readonly (string Full, string Short)[] Abbreviations =
    [
        ("Pharmaceuticals", "Pharma"), ("Manufacturing", "Mfg"), ("Consulting", "Consultants"), ("Systems", "Sys"), ("Insurance", "Ins"),
    ];

    private enum Variant
    {
        Exact,
        OtherSuffix,
        CaseAndPunctuation,
        The,
        Ampersand,
        NoAccents,
        Typo,
        Abbreviation,
        Subsidiary,
        NotInBook,
    }

    [Fact]
    public void Company_name_matching_is_precise_on_the_labelled_set_and_the_benchmarks_page_shows_this_run()
    {
        var random = new Random(Seed);
        var (playbook, book) = Book(random);
        var router = Router.Compile(playbook);
        var results = Leads(random, book).Select(l => (l.Variant, l.Expected, Actual: router.Classify(l.Lead).Account?.Name)).ToList();

        var table = Table(results);
        var all = Score(results);
        Assert.True(all.Precision >= 0.99, $"precision {all.Precision:0.000} is below 0.99\n{table}");
        Assert.True(all.Recall >= 0.9, $"recall {all.Recall:0.000} is below 0.9\n{table}");
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "benchmarks.md")).ReplaceLineEndings("\n");
        Assert.True(page.Contains(table, StringComparison.Ordinal), "docs/benchmarks.md does not show this run's table; replace it with:\n" + table);
    }

    /// <summary>The labelled set's account names, as the router indexes them, and the company names its leads write.</summary>
    internal static (IReadOnlyList<string> Accounts, IReadOnlyList<string> Companies) LabelledNames()
    {
        var random = new Random(Seed);
        var (playbook, book) = Book(random);
        return ([.. playbook.Accounts.Select(a => a.Name)], [.. Leads(random, book).Select(l => l.Lead.Company!)]);
    }

    // Accounts from roots × industries, a suffix each; a fifth of the pairs kept out of the book for
    // the leads of unknown companies; one account in ten has a regional subsidiary without an owner.
    private static (PlaybookModel Playbook, List<(string Name, string Root, string Industry, bool InBook)> Book) Book(Random random)
    {
        var companies = new List<(string Name, string Root, string Industry, bool InBook)>();
        foreach (var root in Roots)
        {
            foreach (var industry in Industries)
            {
                companies.Add(($"{root} {industry}{Suffixes[random.Next(Suffixes.Length)]}", root, industry, random.Next(5) != 0));
            }
        }

        var csv = new StringBuilder("account,domains,owner,parent\n");
        var n = 0;
        foreach (var company in companies.Where(c => c.InBook))
        {
            var domain = $"c{n++}.example";
            csv.Append(CultureInfo.InvariantCulture, $"\"{company.Name}\",{domain},ana,\n");
            if (n % 10 == 0)
            {
                csv.Append(CultureInfo.InvariantCulture, $"\"{company.Root} {company.Industry} Europe\",eu.{domain}x,,\"{company.Name}\"\n");
            }
        }

        var playbook = TestPlaybooks.Small(p => p.AccountsFrom("book.csv").MatchAccountsByName(Threshold), new Dictionary<string, string> { ["book.csv"] = csv.ToString() });
        Assert.Empty(HandoffRules.Validation.PlaybookValidator.Validate(playbook));
        return (playbook, companies);
    }

    private static IEnumerable<(Variant Variant, string? Expected, Lead Lead)> Leads(Random random, List<(string Name, string Root, string Industry, bool InBook)> book)
    {
        var known = book.Where(c => c.InBook).ToList();
        var id = 0;
        foreach (var variant in Enum.GetValues<Variant>())
        {
            for (var i = 0; i < 200; i++)
            {
                var pool = variant switch
                {
                    Variant.NotInBook => book.Where(c => !c.InBook).ToList(),
                    Variant.Ampersand => known.Where(c => c.Root.Contains(" & ", StringComparison.Ordinal) || c.Root.Contains(" and ", StringComparison.Ordinal)).ToList(),
                    _ => known,
                };
                var company = pool[random.Next(pool.Count)];
                var bare = $"{company.Root} {company.Industry}";
                var (written, expected) = variant switch
                {
                    Variant.Exact => (company.Name, company.Name),
                    Variant.OtherSuffix => (bare + Suffixes[random.Next(Suffixes.Length)], company.Name),
                    Variant.CaseAndPunctuation => ((random.Next(2) == 0 ? bare.ToUpperInvariant() : bare.ToLowerInvariant()).Replace(" ", random.Next(2) == 0 ? ", " : " - ", StringComparison.Ordinal) + ".", company.Name),
                    Variant.The => ("The " + bare, company.Name),
                    Variant.Ampersand => (bare.Contains(" & ", StringComparison.Ordinal) ? bare.Replace(" & ", " and ", StringComparison.Ordinal) : bare.Replace(" and ", " & ", StringComparison.Ordinal), company.Name),
                    Variant.NoAccents => (StripAccents(bare), company.Name),
                    Variant.Typo => (Typo(bare, random), company.Name),
                    Variant.Abbreviation => (Abbreviate(bare), company.Name),
                    Variant.Subsidiary => ($"{bare} Europe GmbH", known.IndexOf(company) % 10 == 9 ? $"{company.Root} {company.Industry} Europe" : null),
                    _ => (company.Name, (string?)null),
                };

                yield return (variant, expected, TestPlaybooks.Lead($"Q{id++}") with { Email = "someone@gmail.com", Domain = "gmail.com", IsFreeMail = true, Company = written });
            }
        }
    }

    // As a keyboard without them writes the names: the letters of the roots above, by hand.
    private static string StripAccents(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            plain.Append(c switch
            {
                'é' or 'è' => 'e',
                'ü' => 'u',
                'ø' or 'ó' => 'o',
                'å' => 'a',
                'Å' => 'A',
                'ñ' => 'n',
                'ł' => 'l',
                'Ł' => 'L',
                'ź' => 'z',
                'ř' => 'r',
                _ => c,
            });
        }

        return plain.ToString();
    }

    private static string Typo(string text, Random random)
    {
        var chars = text.ToCharArray();
        var at = 1 + random.Next(chars.Length - 2);
        switch (random.Next(3))
        {
            case 0 when chars[at] != ' ' && chars[at + 1] != ' ':
                (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                return new string(chars);
            case 1:
                return text.Remove(at, 1);
            default:
                chars[at] = chars[at] == 'x' ? 'z' : 'x';
                return new string(chars);
        }
    }

    private static string Abbreviate(string text)
    {
        foreach (var (full, shortForm) in Abbreviations)
        {
            if (text.EndsWith(full, StringComparison.Ordinal))
            {
                return text[..^full.Length] + shortForm;
            }
        }

        return text.Replace(" ", "", StringComparison.Ordinal);
    }

    private static (int Matched, int Correct, int Positives, double Precision, double Recall) Score(IEnumerable<(Variant Variant, string? Expected, string? Actual)> results)
    {
        var list = results.ToList();
        var matched = list.Count(r => r.Actual is not null);
        var correct = list.Count(r => r.Actual is not null && r.Actual == r.Expected);
        var positives = list.Count(r => r.Expected is not null);
        return (matched, correct, positives, matched == 0 ? 1 : (double)correct / matched, positives == 0 ? 1 : (double)correct / positives);
    }

    private static string Table(List<(Variant Variant, string? Expected, string? Actual)> results)
    {
        var text = new StringBuilder();
        text.Append("| leads | count | should match | matched | correct | precision | recall |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var group in results.GroupBy(r => r.Variant).Append(results.GroupBy(_ => (Variant)(-1)).Single()))
        {
            var s = Score(group);
            var name = group.Key switch
            {
                Variant.Exact => "the account's name as the book writes it",
                Variant.OtherSuffix => "another legal suffix, or none",
                Variant.CaseAndPunctuation => "other case and punctuation",
                Variant.The => "with \"The\" in front",
                Variant.Ampersand => "\"&\" for \"and\" or the other way round",
                Variant.NoAccents => "accents dropped",
                Variant.Typo => "one typo (swap, missing or wrong letter)",
                Variant.Abbreviation => "an abbreviation (Pharma, Mfg, …)",
                Variant.Subsidiary => "a regional subsidiary (in the book for one account in ten)",
                Variant.NotInBook => "a company the book does not have",
                _ => "**all**",
            };
            text.Append(CultureInfo.InvariantCulture, $"| {name} | {group.Count()} | {s.Positives} | {s.Matched} | {s.Correct} | {Percent(s.Precision, s.Matched)} | {Percent(s.Recall, s.Positives)} |\n");
        }

        return text.ToString();
    }

    private static string Percent(double value, int of) => of == 0 ? "—" : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HandoffRules.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (HandoffRules.sln) is not above the test's folder.");
    }
}
