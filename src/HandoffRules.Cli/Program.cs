using HandoffRules.Cli.Commands;

return await HandoffCommand.InvokeAsync(args, Console.Out, Console.Error);
