using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using HandoffRules.Cli.Accounts;
using HandoffRules.Cli.Loading;
using HandoffRules.Host.Crm;
using HandoffRules.Host.Notifications;
using HandoffRules.Model;
using HandoffRules.Validation;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff accounts pull --hubspot</c>: the account book's owners from the CRM, as a reviewable diff.</summary>
internal static class AccountsCommand
{
    /// <summary>The environment variable the token is read from by default: the host's own setting.</summary>
    public const string TokenVariable = "Handoff__HubSpot__AccessToken";

    public static Command Create(Terminal terminal)
    {
        var accounts = new Command("accounts", "Work with the playbook's account book (the CSV file named by AccountsFrom).");
        accounts.Subcommands.Add(Pull(terminal));
        return accounts;
    }

    private static Command Pull(Terminal terminal)
    {
        var rules = new RulesOptions();
        var hubspot = new Option<bool>("--hubspot") { Description = "Pull from HubSpot (companies and their owners). Required: the source is named on purpose." };
        var file = new Option<string?>("--file")
        {
            Description = "The account book to update, a path on disk. Default: the book the playbook names (AccountsFrom), relative to the current folder. A missing file is created.",
            HelpName = "path",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change; write nothing." };
        var apiUrl = new Option<string>("--api-url")
        {
            Description = "HubSpot's API.",
            DefaultValueFactory = _ => "https://api.hubapi.com/",
            HelpName = "url",
        };
        var tokenVariable = new Option<string>("--token-env")
        {
            Description = $"The environment variable holding the private app's access token (scopes crm.objects.companies.read, crm.objects.owners.read). It is never printed.",
            DefaultValueFactory = _ => TokenVariable,
            HelpName = "name",
        };
        var budget = new Option<int>("--requests-per-10s")
        {
            Description = "At most this many requests to HubSpot in any 10 seconds (HubSpot's budget is per account, shared with other integrations).",
            DefaultValueFactory = _ => 100,
            HelpName = "n",
        };
        var command = new Command("pull",
            "Write the owners of HubSpot's companies into the account book, so an ownership change is a pull request a reviewer reads " +
            "(and 'handoff plan' can backtest) instead of a silent change in routing.\n\n" +
            "Each HubSpot company is matched to the book's account by domain (the company's domain and hs_additional_domains), " +
            "else by name. Its owner (hubspot_owner_id) becomes the member the playbook maps that HubSpot owner to " +
            "(HubSpot(...).Owner/OwnerByEmail, or the member's e-mail in HubSpot's owners list). Only a changed owner's cell is " +
            "rewritten; rows, columns (segment and territory overrides), quoting and line endings stay as written. Companies " +
            "the book lacks are appended, sorted by name, with their parent when hs_parent_company_id names a company that is pulled too.\n\n" +
            "Nothing is dropped silently: companies without a domain, duplicates, companies without an owner and owners " +
            "that map to no member are counted and listed (by HubSpot id); their accounts keep the owner the book gives. " +
            "The new book is checked as 'handoff check' would; a book with errors is not written.\n\n" +
            "Example:\n  Handoff__HubSpot__AccessToken=pat-... handoff accounts pull --hubspot --rules bin/Release/net10.0/MyRules.dll --file accounts.csv --dry-run");
        rules.AddTo(command);
        command.Options.Add(hubspot);
        command.Options.Add(file);
        command.Options.Add(dryRun);
        command.Options.Add(apiUrl);
        command.Options.Add(tokenVariable);
        command.Options.Add(budget);
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                if (!parse.GetValue(hubspot))
                {
                    throw new CommandException("name the source: --hubspot (the only one so far)");
                }

                var playbook = rules.Build(parse);
                var (bookPath, diskPath) = Book(playbook, parse.GetValue(file));
                var variable = parse.GetValue(tokenVariable)!;
                var token = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } t
                    ? t
                    : throw new CommandException($"no HubSpot access token: set the environment variable {variable} (a private app's token with the scopes crm.objects.companies.read and crm.objects.owners.read)");
                var api = Uri.TryCreate(parse.GetValue(apiUrl), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                    ? url
                    : throw new CommandException($"--api-url: '{parse.GetValue(apiUrl)}' is not an http(s) address");
                var requests = parse.GetValue(budget) is > 0 and var n ? n : throw new CommandException("--requests-per-10s must be at least 1");
                return await PullAsync(terminal, playbook, bookPath, diskPath, token, api, requests, parse.GetValue(dryRun), cancellation);
            }
            catch (CommandException e)
            {
                terminal.Error.WriteLine("error: " + e.Message);
                return 1;
            }
            catch (PlaybookValidationException e)
            {
                foreach (var issue in e.Issues)
                {
                    terminal.Error.WriteLine(issue.ToString());
                }

                return 1;
            }
        });
        return command;
    }

    // The book as the playbook names it (for the check) and its file on disk.
    private static (string Book, string Disk) Book(PlaybookModel playbook, string? file)
    {
        var books = playbook.Files.Where(f => f.Kind == PlaybookFileKind.AccountBook).Select(f => f.Path).Distinct().ToList();
        if (file is null)
        {
            return books.Count == 1
                ? (books[0], Path.GetFullPath(books[0]))
                : throw new CommandException(books.Count == 0
                    ? $"playbook '{playbook.Name}' names no account book (AccountsFrom): give the file with --file"
                    : $"playbook '{playbook.Name}' names {books.Count} account books ({string.Join(", ", books)}): choose one with --file");
        }

        var full = Path.GetFullPath(file);
        var named = books.FirstOrDefault(b => full.Replace('\\', '/').EndsWith("/" + b, StringComparison.Ordinal));
        return (named ?? Path.GetFileName(full), full);
    }

    private static async Task<int> PullAsync(Terminal terminal, PlaybookModel playbook, string bookPath, string diskPath, string token, Uri api, int budget, bool dryRun, CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        using var limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = budget,
            Window = TimeSpan.FromSeconds(10),
            SegmentsPerWindow = 10,
            QueueLimit = int.MaxValue,
        });
        var crm = new HubSpotCrmClient(http, limiter, TimeProvider.System);
        var owners = new HubSpotOwners(playbook, crm);
        IReadOnlyList<string> unresolved;
        HubSpotCompanyRead read;
        try
        {
            unresolved = await owners.ResolveAsync(token, cancellation);
            read = await new HubSpotCompanyReader(crm, TimeProvider.System).ReadAllAsync(token, Progress(terminal), cancellation);
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new CommandException($"{e.Message}; the token needs the scopes crm.objects.companies.read and crm.objects.owners.read");
        }
        catch (Exception e) when (e is HttpRequestException or RetryLaterException or HubSpotApiException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            throw new CommandException($"HubSpot could not be read: {e.Message}. Nothing was written.");
        }

        if (terminal.Interactive)
        {
            terminal.Error.WriteLine();
        }

        var companies = CompanyOwnership.Resolve(read.Companies, owners.MemberOf);
        var existing = File.Exists(diskPath) ? await File.ReadAllTextAsync(diskPath, cancellation) : null;
        var pull = AccountBookPull.Apply(bookPath, existing, companies);
        var output = terminal.Output;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"HubSpot: {read.Companies.Count:N0} companies in {read.Pages} page(s){(read.Waits > 0 ? $"; waited {read.Waits} time(s) for HubSpot's rate limit ({read.Waited.TotalSeconds:0.#} s)" : "")}."));
        if (unresolved.Count > 0)
        {
            output.WriteLine($"HubSpot has no owner for {unresolved.Count} member(s): {string.Join(", ", unresolved)}. No company can be given to them.");
        }

        foreach (var change in pull.Changes)
        {
            output.WriteLine($"  ~ {change.Account}: owner {change.From ?? "(none)"} → {change.To} (HubSpot owner {change.OwnerId})");
        }

        foreach (var added in pull.Added.OrderBy(a => a.Account, StringComparer.Ordinal))
        {
            output.WriteLine($"  + {added.Account}: {string.Join(";", added.Domains)}, owner {added.Owner}{(added.Parent is null ? "" : $", parent {added.Parent}")} (company {added.CompanyId})");
        }

        foreach (var skipped in pull.Skipped)
        {
            output.WriteLine($"  ! company {skipped.CompanyId} {skipped.Why}");
        }

        int Count(CompanyOutcome outcome) => pull.Skipped.Count(s => s.Outcome == outcome);
        output.WriteLine(
            $"{bookPath}: {pull.Changes.Count} owner(s) changed, {pull.Added.Count} account(s) added, {pull.Unchanged} unchanged, " +
            $"{pull.NotInHubSpot.Count} not in HubSpot (kept as written). Not taken: {Count(CompanyOutcome.UnknownOwner)} with an owner no member maps to, " +
            $"{Count(CompanyOutcome.NoOwner)} without an owner, {Count(CompanyOutcome.NoDomain)} without a domain, {Count(CompanyOutcome.Duplicate)} duplicate(s).");

        var errors = AccountBookCheck.Errors(playbook, bookPath, pull.Text);
        if (errors.Count > 0)
        {
            foreach (var issue in errors)
            {
                terminal.Error.WriteLine(issue.ToString());
            }

            terminal.Error.WriteLine($"The pulled book would not pass 'handoff check'; {diskPath} was not written.");
            return 1;
        }

        if (dryRun)
        {
            output.WriteLine(pull.Changed || existing is null ? $"Dry run: {diskPath} not written." : "Dry run: the book is up to date.");
        }
        else if (pull.Changed || existing is null)
        {
            await File.WriteAllTextAsync(diskPath, pull.Text, cancellation);
            output.WriteLine($"Wrote {diskPath}. Review the diff, rebuild the rules and run 'handoff plan' to see which leads move.");
        }
        else
        {
            output.WriteLine("The book is up to date; nothing written.");
        }

        return 0;
    }

    // A line that rewrites itself on a terminal; nothing in a log.
    private static Action<int, int>? Progress(Terminal terminal) => terminal.Interactive
        ? (pages, companies) => terminal.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rReading HubSpot companies: page {pages}, {companies:N0} companies"))
        : null;
}
