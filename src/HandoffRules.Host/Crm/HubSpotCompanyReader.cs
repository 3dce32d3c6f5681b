using HandoffRules.Host.Notifications;

namespace HandoffRules.Host.Crm;

/// <summary>What reading every company took: the companies, pages read and the waits HubSpot asked for.</summary>
/// <param name="Companies">Every company, in HubSpot's order.</param>
/// <param name="Pages">Pages read.</param>
/// <param name="Waits">Waits for HubSpot's rate limit: a 429 or 503 with Retry-After, or a spent 10-second budget.</param>
/// <param name="Waited">How long those waits took in all.</param>
public sealed record HubSpotCompanyRead(IReadOnlyList<HubSpotCompany> Companies, int Pages, int Waits, TimeSpan Waited);

/// <summary>
/// Reads every HubSpot company, page by page, within HubSpot's rate limit: a 429 or 503 waits the
/// Retry-After HubSpot gives and asks for the same page again; a spent 10-second budget
/// (<c>X-HubSpot-RateLimit-Remaining: 0</c>) waits the interval before the next page. Used by
/// <c>handoff accounts pull</c> and by the host's scheduled refresh of account owners.
/// </summary>
public sealed class HubSpotCompanyReader(HubSpotCrmClient crm, TimeProvider time)
{
    /// <summary>How many answers in a row may ask to wait before the read gives up.</summary>
    public const int MaxWaitsInARow = 8;

    /// <summary>Reads every company.</summary>
    /// <param name="token">The access token (needs the scope <c>crm.objects.companies.read</c>).</param>
    /// <param name="progress">Called after each page with the pages and companies read so far.</param>
    /// <param name="cancellation">Stops the read.</param>
    /// <exception cref="RetryLaterException">HubSpot asked to wait <see cref="MaxWaitsInARow"/> times in a row.</exception>
    public async Task<HubSpotCompanyRead> ReadAllAsync(string token, Action<int, int>? progress, CancellationToken cancellation)
    {
        var companies = new List<HubSpotCompany>();
        var (pages, waits, inARow) = (0, 0, 0);
        var waited = TimeSpan.Zero;
        string? after = null;
        while (true)
        {
            HubSpotCompanyPage page;
            try
            {
                page = await crm.ListCompaniesAsync(after, token, cancellation);
            }
            catch (RetryLaterException e) when (++inARow < MaxWaitsInARow)
            {
                waits++;
                waited += e.RetryAfter;
                await Task.Delay(e.RetryAfter, time, cancellation);
                continue;
            }

            inARow = 0;
            pages++;
            companies.AddRange(page.Companies);
            progress?.Invoke(pages, companies.Count);
            after = page.After;
            if (after is null)
            {
                break;
            }

            if (page.Pause > TimeSpan.Zero)
            {
                waits++;
                waited += page.Pause;
                await Task.Delay(page.Pause, time, cancellation);
            }
        }

        return new HubSpotCompanyRead(companies, pages, waits, waited);
    }
}
