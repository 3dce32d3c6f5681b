using System.CommandLine;
using HandoffRules.Host.Store;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff migrate</c>: copies an SQLite event log into PostgreSQL, to go from one host to several.</summary>
internal static class MigrateCommand
{
    public static Command Create(Terminal terminal)
    {
        var from = new Option<FileInfo>("--from")
        {
            Description = "The SQLite database to copy (the host that uses it must be stopped). Default: handoff.db.",
            DefaultValueFactory = _ => new FileInfo("handoff.db"),
            HelpName = "handoff.db",
        };
        var to = new Option<string>("--to")
        {
            Description = "The PostgreSQL database to copy into: a URL (postgres://user:password@host:5432/handoff) or a connection string. " +
                          "It must hold no event log yet; its schema is created if missing.",
            Required = true,
            HelpName = "postgres://…",
        };
        var command = new Command("migrate",
            "Copy an SQLite event log into PostgreSQL, to run several hosts on one database. Both are brought to the same schema version, every " +
            "table is copied row for row with its ids (the event log, lead states, timers, alerts, the distribution state, input cursors and counters), " +
            "and every table's count is checked before the copy is committed: a copy that does not verify leaves the target as it was. " +
            "Stop the host first (the SQLite file is locked while a host runs), then start the hosts with --db set to the same PostgreSQL URL.\n\n" +
            "Example:\n  handoff migrate --from handoff.db --to postgres://handoff@db:5432/handoff");
        command.Options.Add(from);
        command.Options.Add(to);
        command.SetAction(async parse =>
        {
            var source = parse.GetValue(from)!;
            var target = parse.GetValue(to)!;
            var checkedArguments = terminal.Run(() =>
            {
                if (!source.Exists)
                {
                    throw new Loading.CommandException($"--from: no database at '{source.FullName}'.");
                }

                if (!PostgresConnection.Names(target))
                {
                    throw new Loading.CommandException("--to: give a PostgreSQL URL (postgres://user:password@host:5432/database) or a connection string (Host=…;Database=…).");
                }

                try
                {
                    PostgresConnection.Normalize(target);
                }
                catch (ArgumentException e)
                {
                    throw new Loading.CommandException($"--to: {e.Message}");
                }

                return 0;
            });
            if (checkedArguments != 0)
            {
                return checkedArguments;
            }

            IReadOnlyList<CopiedTable> copied;
            try
            {
                copied = await StoreCopy.CopyAsync(source.FullName, target, CancellationToken.None);
            }
            catch (Exception e) when (e is StoreInUseException or StoreSchemaException or StoreNotEmptyException or InvalidOperationException or SqliteException or NpgsqlException)
            {
                terminal.Error.WriteLine($"error: nothing was copied: {e.Message}");
                return 1;
            }

            var width = copied.Max(c => c.Table.Length);
            foreach (var table in copied)
            {
                terminal.Output.WriteLine($"  {table.Table.PadRight(width)}  {table.Source,10:N0} → {table.Target,10:N0}");
            }

            terminal.Output.WriteLine($"Copied {copied.Sum(c => c.Target):N0} rows of {source.Name} into {PostgresConnection.Describe(target)}; every table's count matches.");
            return 0;
        });
        return command;
    }
}
