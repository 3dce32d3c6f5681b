using System.Globalization;
using HandoffRules.Benchmarks.Routing;
using HandoffRules.Routing;

namespace HandoffRules.Benchmarks.Accounts;

/// <summary>
/// What an account book costs in memory: the managed heap a built playbook model and its compiled
/// router keep alive, with the sample's accounts and with the generated 50,000-account book
/// (<c>account-book-memory</c>). Measured as the heap after a full collection, before and after.
/// </summary>
public static class AccountBookMemory
{
    public static int Run()
    {
        foreach (var accounts in new[] { AccountBookBenchmarks.Named, AccountBookBenchmarks.Book, AccountBookBenchmarks.BookAndNames })
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var playbook = AccountBookBenchmarks.Playbook(accounts);
            var model = GC.GetTotalMemory(forceFullCollection: true);
            var router = Router.Compile(playbook);
            var compiled = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{accounts,-18} accounts {playbook.Accounts.Count,6}  model {(model - before) / 1048576.0,6:0.0} MB  router (besides the model) {(compiled - model) / 1048576.0,6:0.0} MB  total {(compiled - before) / 1048576.0,6:0.0} MB"));
            GC.KeepAlive(router);
        }

        return 0;
    }
}
