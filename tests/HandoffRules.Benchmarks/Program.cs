using BenchmarkDotNet.Running;
using HandoffRules.Benchmarks.Accounts;
using HandoffRules.Benchmarks.Load;

// Two helpers for the account-book measurements: write a generated book; print a book's memory.
switch (args)
{
    case ["account-book", _, ..]:
        return AccountBookGenerator.Write(args);
    case ["account-book-memory", var rules]:
        return AccountBookMemory.Run(rules);
}

// Micro-benchmarks run under BenchmarkDotNet; the host's load scenarios (an open-loop request rate,
// percentiles per request) need a harness of their own and run after them when the filter matches.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
await HostLoad.RunAsync(args);
return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
