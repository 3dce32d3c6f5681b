using HandoffRules.Cli.Commands;

namespace HandoffRules.Tests.Support;

/// <summary>Runs the handoff command line in-process and captures what it prints.</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await HandoffCommand.InvokeAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
