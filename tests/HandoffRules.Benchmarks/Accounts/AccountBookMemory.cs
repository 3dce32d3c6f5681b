using System.Globalization;
using System.Runtime.Loader;
using HandoffRules.Routing;

namespace HandoffRules.Benchmarks.Accounts;

/// <summary>
/// What an account book costs in memory (<c>account-book-memory &lt;rules assembly&gt;</c>): the
/// managed heap that the playbook model built from a rules assembly (its book read from the
/// embedded file) and then its compiled router keep alive, each measured as the heap after a full
/// collection, before and after.
/// </summary>
public static class AccountBookMemory
{
    public static int Run(string rulesAssembly)
    {
        // Its own load context: the rules assembly may be named like the sample this program references.
        var context = new AssemblyLoadContext("rules");
        var type = context.LoadFromAssemblyPath(Path.GetFullPath(rulesAssembly)).GetTypes().Single(t => typeof(Playbook).IsAssignableFrom(t) && !t.IsAbstract);
        var playbook = (Playbook)Activator.CreateInstance(type)!;

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var model = playbook.Build();
        var built = GC.GetTotalMemory(forceFullCollection: true);
        var router = Router.Compile(model);
        var compiled = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{model.Accounts.Count} accounts: model {(built - before) / 1048576.0:0.0} MB (of which the embedded file's text {model.Files.Sum(f => (f.Text?.Length ?? 0) * 2L) / 1048576.0:0.0} MB), router besides the model {(compiled - built) / 1048576.0:0.0} MB, together {(compiled - before) / 1048576.0:0.0} MB"));
        GC.KeepAlive(router);
        return 0;
    }
}
