using System.CommandLine;
using HandoffRules.Cli.Loading;
using HandoffRules.Model;

namespace HandoffRules.Cli.Commands;

/// <summary>The options every command takes to choose a playbook.</summary>
internal sealed class RulesOptions
{
    public Option<string?> Rules { get; } = new("--rules")
    {
        Description = "A compiled rules assembly (e.g. rules/MyRules/bin/Release/net10.0/MyRules.dll). Default: the embedded Acme sample.",
        HelpName = "path",
    };

    public Option<string?> Playbook { get; } = new("--playbook")
    {
        Description = "The playbook class to use when the assembly has several.",
        HelpName = "name",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Rules);
        command.Options.Add(Playbook);
    }

    public PlaybookModel Build(ParseResult parse) =>
        PlaybookLoader.Build(parse.GetValue(Rules), parse.GetValue(Playbook));

    /// <summary>The playbook's model and its version (the rules assembly's informational version and the model's content hash).</summary>
    public (PlaybookModel Model, PlaybookVersion Version) BuildVersioned(ParseResult parse) =>
        PlaybookLoader.BuildVersioned(parse.GetValue(Rules), parse.GetValue(Playbook));
}
