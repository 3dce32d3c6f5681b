using HandoffRules.Cli.Commands;

return await HandoffCommand.Create(Console.Out, Console.Error).Parse(args).InvokeAsync();
