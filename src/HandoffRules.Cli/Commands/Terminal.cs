using HandoffRules.Cli.Loading;
using HandoffRules.Validation;
using Spectre.Console;

namespace HandoffRules.Cli.Commands;

/// <summary>
/// Where commands write: tables and text to the output, problems to the error writer. Commands
/// report user errors through here with a message and exit code 1, never a stack trace.
/// </summary>
internal sealed class Terminal(TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>True when a person is watching (progress bars make sense).</summary>
    public bool Interactive => ReferenceEquals(Output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>A Spectre console on the output writer; plain text when the output is not a terminal.</summary>
    public IAnsiConsole Ansi { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    }).WithWideTables(output);

    /// <summary>Runs a command body, turning known failures into a message and exit code 1.</summary>
    public int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CommandException e)
        {
            Error.WriteLine("error: " + e.Message);
            return 1;
        }
        catch (PlaybookValidationException e)
        {
            foreach (var issue in e.Issues)
            {
                Error.WriteLine(issue.ToString());
            }

            Error.WriteLine("The playbook has errors: each line names its rule; docs/rules/<id>.md explains it.");
            return 1;
        }
        catch (PlaybookDefinitionException e)
        {
            Error.WriteLine($"error {PlaybookDefinitionException.RuleId}: {e.Message}");
            return 1;
        }
    }
}

/// <summary>Console setup that keeps logs readable.</summary>
internal static class ConsoleWidth
{
    /// <summary>Output to a file or a CI log has no terminal width; lay tables out 120 wide instead of 80.</summary>
    public static IAnsiConsole WithWideTables(this IAnsiConsole console, TextWriter output)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = 120;
        }

        return console;
    }
}
