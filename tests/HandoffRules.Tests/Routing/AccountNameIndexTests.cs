using System.Globalization;
using System.Text;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

/// <summary>
/// The account name index prunes the candidates it compares a lead's company name with, and
/// allocates nothing doing it; its answers — the account, the confidence, the near miss and whether
/// the name is ambiguous — are held to those of the reference that compares every candidate.
/// </summary>
public sealed class AccountNameIndexTests
{
    private static readonly double[] Thresholds = [0.9, 0.75, 0.95, 0.5, 1];

    // Stems from few syllables, so that many account names are a typo or two from others.
    private static readonly string[] Syllables = ["ar", "bel", "cor", "dan", "el", "fa", "gor", "han", "is", "jen", "ka", "lor", "ma", "nor", "os", "per", "ro", "san", "tor", "ul"];
    private static readonly string[] Words = ["Logistics", "Labs", "Systems", "Foods", "Energy", "Media", "Health", "Capital", "Partners", "Europe", "Nord", "& Sons", "and Co", "Bros."];
    private static readonly string[] Suffixes = ["", " Inc", " Inc.", " Corp.", " Corporation", " LLC", " GmbH", " AG", " S.A.", " Pty. Ltd.", " plc", " Group", " Holdings"];
    private static readonly string[] Oddities = ["3M", "7-Eleven", "A.B.C. Freight", "I B M", "Ωmega Ltd", "株式会社 Kato", "Société Lumière", "Müller & Söhne", "Crème Brûlée", "Œuvre", "Þór", "Straße", "Æther", "The The", "The", "Inc", "& Co", "X", "Q-Q", "Ĳssel", "O'Brien's", "Dvořák Łódź"];

    [Fact]
    public void The_normal_form_is_the_references_for_every_name_of_both_books_and_the_odd_ones()
    {
        var (accounts, companies) = NameMatchingQualityTests.LabelledNames();
        var (book, leads) = NearVariants(new Random(17), 5000, 3000);
        var names = accounts.Concat(companies).Concat(book).Concat(leads).Concat(Oddities).Append("").Append("  ,. ").Append(new string('a', 300) + " & " + new string('b', 300)).ToList();

        var differ = names.Where(n => CompanyNames.Normalise(n) != BruteForceCompanyNames.Normalise(n)).ToList();

        Assert.True(differ.Count == 0, "normal forms differ for: " + string.Join(" | ", differ.Take(10)));
    }

    [Fact]
    public void On_the_labelled_set_every_match_and_near_miss_is_the_references()
    {
        var (accounts, companies) = NameMatchingQualityTests.LabelledNames();

        var seen = Compare(accounts, companies);

        Assert.True(seen.Matched > 0 && seen.Typos > 0 && seen.NearMisses > 0, seen.ToString());
    }

    [Fact]
    public void On_a_book_of_5000_accounts_with_many_near_variants_every_match_and_near_miss_is_the_references()
    {
        var (book, leads) = NearVariants(new Random(17), 5000, 3000);

        var seen = Compare(book, leads);

        // The book has to exercise every answer, or the comparison proves little.
        Assert.True(seen.Matched > 100 && seen.Typos > 100 && seen.NearMisses > 100 && seen.Ties > 10 && seen.Shared > 0 && seen.Unlike > 0, seen.ToString());
    }

    [Fact]
    public void Routing_a_lead_by_its_company_name_allocates_nothing_when_the_decision_is_not_traced()
    {
        var (book, leads) = NearVariants(new Random(5), 5000, 400);
        var csv = new StringBuilder("account,domains,owner,parent\n");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < book.Count; i++)
        {
            // The reader takes each account name once; near variants and shared normal forms stay.
            if (seen.Add(book[i].Trim()))
            {
                csv.Append(CultureInfo.InvariantCulture, $"\"{book[i].Replace("\"", "\"\"", StringComparison.Ordinal)}\",a{i}.example,ana,\n");
            }
        }

        var router = Router.Compile(TestPlaybooks.Small(p => p.AccountsFrom("book.csv").MatchAccountsByName(0.9), new Dictionary<string, string> { ["book.csv"] = csv.ToString() }));
        var state = router.NewState();
        var free = leads.Append(new string('k', 400)).Select((c, i) => TestPlaybooks.Lead($"N{i}") with { Email = $"n{i}@gmail.com", Domain = "gmail.com", IsFreeMail = true, Company = c }).ToList();
        var matched = 0;
        foreach (var lead in free)
        {
            // Once first, so that what is allocated once per process (code, pools) is not counted.
            matched += router.Route(lead, state).Account is null ? 0 : 1;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var lead in free)
        {
            router.Route(lead, state);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(matched > 50 && matched < free.Count, $"{matched} of {free.Count} leads matched an account by name");
        Assert.Equal(0, allocated);
    }

    private sealed record Seen(int Matched, int Typos, int NearMisses, int Ties, int Shared, int Unlike);

    // Every lead's name against every threshold: with the near miss (traced) the whole answer is the
    // reference's; without it the account is.
    private static Seen Compare(IReadOnlyList<string> accounts, IReadOnlyList<string> companies)
    {
        var (matched, typos, nearMisses, ties, shared, unlike) = (0, 0, 0, 0, 0, 0);
        var differences = new List<string>();
        foreach (var threshold in Thresholds)
        {
            var reference = new BruteForceAccountNames(accounts);
            var index = new AccountNameIndex(accounts, threshold);
            foreach (var company in companies)
            {
                var expected = reference.Match(company, threshold);
                var traced = index.Match(company, nearMiss: true);
                var untraced = index.Match(company, nearMiss: false);
                if (traced != expected || untraced.Account != expected.Account)
                {
                    differences.Add($"'{company}' at {threshold}: {traced} / {untraced.Account}, the reference {expected}");
                }

                matched += expected.Account >= 0 ? 1 : 0;
                typos += expected.Account >= 0 && expected.Confidence < 1 ? 1 : 0;
                nearMisses += expected is { Account: < 0, Closest: >= 0, Ambiguous: false } ? 1 : 0;
                ties += expected is { Ambiguous: true, Confidence: < 1 } ? 1 : 0;
                shared += expected is { Ambiguous: true, Confidence: 1 } ? 1 : 0;
                unlike += expected.Closest < 0 ? 1 : 0;
            }
        }

        Assert.True(differences.Count == 0, $"{differences.Count} answers differ:\n" + string.Join("\n", differences.Take(20)));
        return new Seen(matched, typos, nearMisses, ties, shared, unlike);
    }

    // A book of names from few syllables, a quarter of them a typo or two from an earlier one (and
    // some the same name again), and leads that write those names with 0 to 4 typos, or other names.
    private static (List<string> Book, List<string> Leads) NearVariants(Random random, int accounts, int leads)
    {
        var book = new List<string>(accounts);
        while (book.Count < accounts)
        {
            var draw = random.Next(100);
            book.Add(draw switch
            {
                < 25 when book.Count > 0 => Typos(book[random.Next(book.Count)], 1 + random.Next(2), random),
                < 27 when book.Count > 0 => book[random.Next(book.Count)],
                < 29 => Oddities[random.Next(Oddities.Length)] + " " + Stem(random),
                _ => Company(random),
            });
        }

        var written = new List<string>(leads);
        for (var i = 0; i < leads; i++)
        {
            written.Add(random.Next(10) switch
            {
                < 7 => Typos(book[random.Next(book.Count)], random.Next(5), random),
                7 => Company(random),
                8 => "The " + Typos(book[random.Next(book.Count)], 1, random).ToUpperInvariant(),
                _ => Oddities[random.Next(Oddities.Length)],
            });
        }

        return (book, written);
    }

    private static string Stem(Random random)
    {
        var stem = new StringBuilder();
        for (var s = 2 + random.Next(2); s > 0; s--)
        {
            stem.Append(Syllables[random.Next(Syllables.Length)]);
        }

        stem[0] = char.ToUpperInvariant(stem[0]);
        return stem.ToString();
    }

    private static string Company(Random random) =>
        Stem(random) + (random.Next(3) == 0 ? "" : " " + Words[random.Next(Words.Length)]) + Suffixes[random.Next(Suffixes.Length)];

    // Typos as people make them: a swap of neighbours, a missing, an extra or a wrong letter.
    private static string Typos(string name, int count, Random random)
    {
        var text = new StringBuilder(name);
        for (var t = 0; t < count && text.Length > 2; t++)
        {
            var at = 1 + random.Next(text.Length - 2);
            switch (random.Next(4))
            {
                case 0:
                    (text[at], text[at + 1]) = (text[at + 1], text[at]);
                    break;
                case 1:
                    text.Remove(at, 1);
                    break;
                case 2:
                    text.Insert(at, (char)('a' + random.Next(26)));
                    break;
                default:
                    text[at] = (char)('a' + random.Next(26));
                    break;
            }
        }

        return text.ToString();
    }
}
