using System.Text.Json.Nodes;
using HandoffRules.Host.Crm;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Processing;

/// <summary>
/// Account owners refreshed from HubSpot, when the playbook allows it
/// (<see cref="HubSpotMapping.AccountOwnerRefresh"/>): each refresh is one event in the log
/// (<see cref="HandoffEventTypes.AccountOwnersRefreshed"/>, under no lead) with the owners it changed,
/// read back into the router through the distribution state before every batch — so every host on
/// the database routes by it from its next decision, and a restarted host too.
/// </summary>
internal sealed partial class HandoffSession
{
    private AccountOwnerLog? _accountOwners;

    // The log position up to which the refreshes read are committed: what a rollback goes back to.
    private long _accountOwnersCommitted;

    private bool RefreshesOwners => Playbook.HubSpot?.AccountOwnerRefresh is not null;

    /// <summary>Reads the refreshes recorded since they were last read (by this host or another) and hands them to the router.</summary>
    private void ReloadAccountOwners()
    {
        // A playbook that no longer allows refreshes routes by its book alone, whatever the log holds.
        if (!RefreshesOwners)
        {
            return;
        }

        _accountOwners ??= new AccountOwnerLog(Clock.Replay);
        _accountOwners.ForgetAfter(_accountOwnersCommitted);
        ReadAccountOwners();
        _accountOwnersCommitted = _accountOwners.LastSeq;
        State.AccountOwners = _accountOwners;
    }

    private void CommitAccountOwners() => _accountOwnersCommitted = _accountOwners?.LastSeq ?? 0;

    private void ReadAccountOwners()
    {
        foreach (var refresh in Writer.EventsWithoutLead(HandoffEventTypes.AccountOwnersRefreshed, _accountOwners!.LastSeq))
        {
            foreach (var owner in refresh.Data["owners"] as JsonArray ?? [])
            {
                // An owner for a member or account this playbook does not have (an older playbook's refresh) is not applied.
                if (owner?["account"]?.GetValue<string>() is { } account && owner["member"]?.GetValue<string>() is { } member
                    && Playbook.FindMember(member) is not null && Router.AccountOwner(account, refresh.At, State) is not null)
                {
                    _accountOwners.Add(refresh.Seq, new RefreshedOwner(account, member, owner["owner_id"]?.GetValue<string>() ?? "", refresh.At));
                }
            }

            _accountOwners.ReadTo(refresh.Seq);
        }
    }

    private WorkResult RefreshAccountOwners(AccountOwnersWork work)
    {
        if (!RefreshesOwners)
        {
            return new WorkResult(WorkStatus.Invalid, "the playbook does not let HubSpot refresh account owners (HubSpot(h => h.RefreshAccountOwners(...)))");
        }

        var match = new CompanyAccountMatch(Playbook.Accounts.Select(a => (a.Name, (IEnumerable<string>)a.Domains)));
        var changed = new JsonArray();
        var unmapped = new JsonArray();
        var taken = new HashSet<int>();
        var (unchanged, noOwner, notInBook, notTaken) = (0, 0, 0, 0);
        foreach (var company in work.Companies)
        {
            var account = company.Outcome is CompanyOutcome.NoDomain or CompanyOutcome.Duplicate ? -1 : match.Find(company.Company);
            if (company.Outcome is CompanyOutcome.NoDomain or CompanyOutcome.Duplicate || (account >= 0 && !taken.Add(account)))
            {
                notTaken++;
                continue;
            }

            if (account < 0)
            {
                notInBook++;
                continue;
            }

            var name = Playbook.Accounts[account].Name;
            switch (company.Outcome)
            {
                case CompanyOutcome.NoOwner:
                    noOwner++;
                    break;
                case CompanyOutcome.UnknownOwner:
                    unmapped.Add(new JsonObject { ["company"] = company.Company.Id, ["owner_id"] = company.Company.OwnerId, ["account"] = name });
                    break;
                default:
                    var now = Router.AccountOwner(name, work.RefreshedAt, State);
                    if (now == company.MemberId)
                    {
                        unchanged++;
                    }
                    else
                    {
                        changed.Add(new JsonObject { ["account"] = name, ["member"] = company.MemberId, ["owner_id"] = company.Company.OwnerId, ["was"] = now });
                    }

                    break;
            }
        }

        var (changes, unknown) = (changed.Count, unmapped.Select(u => (Company: u!["company"]!.GetValue<string>(), Owner: u["owner_id"]!.GetValue<string>())).ToList());
        Writer.Append("", HandoffEventTypes.AccountOwnersRefreshed, work.RefreshedAt, new EventMembers
        {
            ["source"] = work.Source,
            ["owners"] = changed,
            ["companies"] = work.Companies.Count,
            ["unchanged"] = unchanged,
            ["unmapped"] = unmapped,
            ["no_owner"] = noOwner,
            ["not_in_book"] = notInBook,
            ["not_taken"] = notTaken,
        });
        ReadAccountOwners();
        _afterCommit.Add(() =>
        {
            Log.AccountOwnersRefreshed(_logger, work.Companies.Count, changes, unchanged, unknown.Count, noOwner, notInBook, notTaken);
            foreach (var (company, owner) in unknown)
            {
                Log.AccountOwnerUnmapped(_logger, company, owner);
            }
        });
        return new WorkResult(WorkStatus.Done, $"account owners refreshed: {changes} changed, {unchanged} unchanged, {unknown.Count} with an owner no member maps to");
    }
}
