using System.CommandLine;
using HandoffRules.Cli.Commands;

// The runner host handles Ctrl+C and SIGTERM itself, to drain what it accepted before it stops.
return await HandoffCommand.Create(Console.Out, Console.Error).Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
