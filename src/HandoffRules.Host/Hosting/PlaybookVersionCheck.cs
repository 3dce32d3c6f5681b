using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Model;
using Microsoft.Extensions.Logging;

namespace HandoffRules.Host.Hosting;

/// <summary>
/// What a host checks of its playbook's version before it writes anything: a playbook older (by
/// semantic version) than the newest one that ran on the store is refused, unless a rollback is
/// allowed; the same version with other content (another build) is allowed and said. Then the
/// version is recorded as run.
/// </summary>
internal static class PlaybookVersionCheck
{
    /// <summary>Checks and records <paramref name="playbook"/>.</summary>
    /// <exception cref="HostStartException">The playbook is older than the newest recorded, and no rollback is allowed.</exception>
    public static async Task RunAsync(IHandoffStore store, PlaybookVersion playbook, bool allowOlder, DateTimeOffset now, ILogger logger, CancellationToken cancellation)
    {
        var recorded = await store.GetPlaybooksAsync(cancellation);
        var newest = Newest(recorded);
        if (newest is not null && playbook.IsOlderThan(newest))
        {
            if (!allowOlder)
            {
                throw new HostStartException(Refusal(playbook, newest));
            }

            Log.OlderPlaybookAllowed(logger, playbook.ToString(), newest.ToString());
        }
        else if (!recorded.Contains(playbook) && recorded.FirstOrDefault(r => PlaybookVersion.Compare(r.Version, playbook.Version) == 0) is { } sameVersion)
        {
            Log.PlaybookRebuilt(logger, playbook.ToString(), sameVersion.ToString());
        }

        await store.RecordPlaybookAsync(playbook, now, cancellation);
        Log.PlaybookVersionStamped(logger, playbook.ToString());
    }

    /// <summary>The newest of the recorded versions (the last started among equals), or null when none ran yet.</summary>
    public static PlaybookVersion? Newest(IReadOnlyList<PlaybookVersion> recorded)
    {
        PlaybookVersion? newest = null;
        foreach (var version in recorded)
        {
            if (newest is null || PlaybookVersion.Compare(version.Version, newest.Version) >= 0)
            {
                newest = version;
            }
        }

        return newest;
    }

    /// <summary>The one-line reason a host refuses an older playbook.</summary>
    public static string Refusal(PlaybookVersion playbook, PlaybookVersion newest) =>
        $"The playbook is version {playbook}, older than version {newest} that already ran on this store: start the newer playbook, " +
        "or pass --allow-older-playbook (Handoff:AllowOlderPlaybook=true) to roll back on purpose.";
}
