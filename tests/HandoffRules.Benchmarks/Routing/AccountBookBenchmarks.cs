using BenchmarkDotNet.Attributes;
using HandoffRules.Benchmarks.Accounts;
using HandoffRules.Model;
using HandoffRules.Routing;

namespace HandoffRules.Benchmarks.Routing;

/// <summary>
/// The sample playbook routing the same way with its ten named accounts and with a generated
/// 50,000-account book added (and, in the third case, company-name matching on): the account index
/// is built when the router is compiled, so a decision costs about the same and allocates nothing.
/// Each invocation routes 2,000 generated leads (6% from an account's domain); figures are per lead.
/// </summary>
[MemoryDiagnoser]
public class AccountBookBenchmarks
{
    private const int Count = 2000;

    public const string Named = "named accounts";
    public const string Book = "50k book";
    public const string BookAndNames = "50k book + names";

    private Router _router = null!;
    private DistributionState _state = null!;
    private DecisionTrace _trace = null!;
    private Lead[] _leads = null!;

    [Params(Named, Book, BookAndNames)]
    public string Accounts { get; set; } = Named;

    [GlobalSetup]
    public void Setup()
    {
        var playbook = Playbook(Accounts);
        _router = Router.Compile(playbook);
        _state = _router.NewState();
        _trace = new DecisionTrace();
        _leads = BenchmarkPlaybooks.Leads(playbook, Count);
    }

    /// <summary>The sample playbook with its named accounts, or with a generated book of 50,000 more.</summary>
    public static PlaybookModel Playbook(string accounts)
    {
        var sample = BenchmarkPlaybooks.Build(BenchmarkPlaybooks.Sample);
        if (accounts == Named)
        {
            return sample;
        }

        // The generated book takes the place of the sample's own file, as AccountsFrom would read it;
        // the accounts written in code stay.
        var rows = AccountBookGenerator.Rows(50_000, 17, AccountBookGenerator.SampleOwners);
        var large = sample with
        {
            Accounts = [.. sample.Accounts.Where(a => a.Origin is null), .. AccountBookGenerator.Accounts(rows, "accounts.csv")],
            Files = [.. sample.Files.Where(f => f.Kind != PlaybookFileKind.AccountBook), new PlaybookFile("accounts.csv", PlaybookFileKind.AccountBook, AccountBookGenerator.Csv(rows))],
        };
        return accounts == BookAndNames ? large with { AccountNameConfidence = 0.9 } : large;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int Route() => RoutingLoops.Route(_router, _state, _leads);

    [Benchmark(OperationsPerInvoke = Count)]
    public int RouteWithTrace() => RoutingLoops.RouteWithTrace(_router, _state, _trace, _leads);
}
