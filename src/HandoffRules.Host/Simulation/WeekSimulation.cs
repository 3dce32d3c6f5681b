using System.Diagnostics.Metrics;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Timers;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace HandoffRules.Host.Simulation;

/// <summary>What a week simulation did.</summary>
/// <param name="Database">The event log it wrote.</param>
/// <param name="Start">When the simulated window starts.</param>
/// <param name="End">When it ends.</param>
/// <param name="Leads">Leads that arrived.</param>
/// <param name="Actions">SDR actions taken.</param>
/// <param name="Breaches">SLA breaches fired.</param>
/// <param name="HubSpotWriteBacks">The write-backs to HubSpot the host would queue, for a playbook that declares HubSpot sync; null otherwise.</param>
public sealed record WeekSimulationResult(string Database, DateTimeOffset Start, DateTimeOffset End, int Leads, int Actions, int Breaches, Crm.HubSpotWriteBackTally? HubSpotWriteBacks = null);

/// <summary>
/// The whole loop in simulated time, before anything is deployed: leads arrive by hour and time zone;
/// the host's own session routes them, records events, starts timers and queues alerts; simulated
/// SDRs touch, accept, reject, book meetings and recycle on their own schedules (working hours,
/// time away, their own speed); timers breach and escalate; held leads are offered again as members
/// become free and escalated after the maximum hold. The result is a real event log, from
/// which the weekly report is computed. The same playbook, seed and size give the same log.
/// </summary>
public static class WeekSimulation
{
    /// <summary>Runs the simulation into a new database at <paramref name="database"/>.</summary>
    /// <param name="playbook">The playbook the leads go through.</param>
    /// <param name="database">The event log to write (replaced if it exists).</param>
    /// <param name="seed">The seed of the leads and of the SDRs' behaviour.</param>
    /// <param name="leads">How many leads arrive.</param>
    /// <param name="days">How many days they arrive over.</param>
    /// <param name="progress">Called with the number of leads that have arrived.</param>
    /// <param name="cancellationToken">Stops the run (Ctrl+C); the database is left as far as it got.</param>
    public static Task<WeekSimulationResult> RunAsync(PlaybookModel playbook, string database, int seed, int leads, int days, Action<int>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(playbook, database, seed, leads, days, like: null, progress, cancellationToken);

    /// <summary>
    /// Runs the simulation into a new database at <paramref name="database"/>, shaped like a team's
    /// own week: its arrivals, lead mix and members' behaviour replace the generator's defaults.
    /// </summary>
    /// <param name="playbook">The playbook the leads go through.</param>
    /// <param name="database">The event log to write (replaced if it exists).</param>
    /// <param name="seed">The seed of the leads and of the SDRs' behaviour.</param>
    /// <param name="leads">How many leads arrive.</param>
    /// <param name="days">How many days they arrive over.</param>
    /// <param name="like">The team's fitted week (<c>simulate --like</c>), or null for the defaults.</param>
    /// <param name="progress">Called with the number of leads that have arrived.</param>
    /// <param name="cancellationToken">Stops the run (Ctrl+C); the database is left as far as it got.</param>
    public static async Task<WeekSimulationResult> RunAsync(PlaybookModel playbook, string database, int seed, int leads, int days, TeamProfile? like, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (File.Exists(database))
        {
            File.Delete(database);
        }

        // A temporary log is read once, by the report, which reads its events in order: no index by lead or queue is built for it.
        using var store = SqliteHandoffStore.Scratch(database, readByLead: !SimulationDatabase.IsTemporary(database));
        await store.InitializeAsync(CancellationToken.None);
        var start = LeadGenerator.DefaultStart;
        var end = start.AddDays(days);
        var clock = new SimulatedClock(start);
        var router = Router.Compile(playbook);
        using var meters = new Meters();
        using var session = new HandoffSession(store, router, new HandoffHostOptions { Database = database }, clock, new HandoffClock(clock, replay: false), new HandoffMetrics(meters), NullLogger.Instance)
        {
            // A HubSpot-synced playbook's write-backs are queued (never sent) so the run can count them.
            SimulatesWriteBacks = playbook.HubSpot is not null,
            // The leads in play are looked at again and again (each held lead at every scan, each lead
            // an SDR acts on, by the SDR and by the action's checks); the session answers those from memory.
            RememberedLeads = LeadsKept,
        };

        var random = new Random(seed);
        var behaviour = playbook.Members.ToDictionary(
            m => m.Id,
            m => like?.Members.GetValueOrDefault(m.Id) is { } fitted ? SdrBehaviour.For(m, seed).Like(fitted) : SdrBehaviour.For(m, seed),
            StringComparer.Ordinal);
        var agenda = new PriorityQueue<Happening, (DateTimeOffset, long)>();
        long order = 0;
        void Schedule(DateTimeOffset at, Happening what) => agenda.Enqueue(what, (at, order++));

        // Leads come from the generator in arrival order and only the next one waits in the agenda, so
        // the week holds the leads in play, not all of them. Arrival i keeps the place it would have
        // with every lead scheduled up front (order i, before the scans and the SDRs' doings), so
        // the agenda comes out in the same order.
        var playbookMix = LeadMix.For(playbook);
        var generator = new LeadGenerator(seed, like?.Mix(playbookMix) ?? playbookMix, start, days);
        using var arrivals = generator.Generate(leads).GetEnumerator();
        long arrivalOrder = 0;
        void NextArrival()
        {
            if (arrivals.MoveNext())
            {
                agenda.Enqueue(new Arrival(arrivals.Current), (arrivals.Current.Event!.OccurredAt!.Value, arrivalOrder++));
            }
        }

        order = leads;
        NextArrival();

        // Held leads are looked at again every quarter of an hour, as the host's scan does.
        for (var at = start; at < end; at += HoldScanEvery)
        {
            Schedule(at, new HoldScan());
        }

        var (arrived, actions, breaches, applied) = (0, 0, 0, 0);
        var owned = new List<string>();
        session.Writer.Begin();
        while (agenda.TryDequeue(out var happening, out var when))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Stopped between two happenings: what was simulated so far is kept, not only the last slice.
                session.Writer.SaveDistribution(session.State.ToSnapshot());
                session.Commit();
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Every generated lead is taken in, even one whose local-time arrival falls after the
            // window's end in UTC; what SDRs and timers would do after the end is not simulated.
            if (when.Item1 >= end && happening is not Arrival)
            {
                continue;
            }

            clock.Now = when.Item1;
            switch (happening)
            {
                case Arrival arrival:
                    arrived++;
                    NextArrival();
                    // Taken in as a file's reader takes a line in (serialised, read back, normalised), so the
                    // writer keeps the lead as its input without rebuilding it a second time.
                    var result = session.Apply(new LeadWork("simulation", arrival.Lead.Id!, arrival.Lead.Id!, arrival.Lead, clock.Now)
                    {
                        Prepared = PreparedIntake.Of(arrival.Lead, clock.Now),
                    });
                    if (result.Outcome == HandoffOutcome.Routed && session.FindLead(result.LeadId!) is { } routed)
                    {
                        foreach (var timer in session.Writer.Timers(routed.LeadId))
                        {
                            Schedule(timer.DueAt, new Due(routed.LeadId, timer.Sla));
                        }

                        Plan(routed, clock.Now);
                    }

                    progress?.Invoke(arrived);
                    break;
                case Due due:
                    // A timer settled before its deadline breaches nothing: its lead is not read for the
                    // owner a breach would replace.
                    var deadline = new TimerWork(due.LeadId, due.Sla);
                    var before = session.RunningTimer(deadline) is not null ? session.FindLead(due.LeadId)?.Member : null;
                    if (session.Apply(deadline).Outcome == "breached")
                    {
                        breaches++;
                        Replan(due.LeadId, before);
                    }

                    break;
                case HoldScan:
                    // The host's own scan (its queries bounded, nothing written when nobody waits);
                    // the new owners then work the leads it gave them.
                    owned.Clear();
                    session.ScanHolds(new HoldScanWork(clock.Now), owned);
                    owned.ForEach(leadId => Replan(leadId, null));
                    break;
                case Act act when session.FindLead(act.LeadId)?.Member == act.Member:
                    var owner = act.Member;
                    // A simulated SDR who tries what the lifecycle refuses (accepting a lead without the
                    // fields its stage needs) is refused like a real one, but no dead letter is kept:
                    // the waiting completion marks it as a caller that takes the answer.
                    var attempt = new ActionWork("simulation", null, "simulation", act.LeadId, act.Action, null, act.Member, act.Reason, null, clock.Now) { Completion = HandoffWork.Waiting() };
                    if (session.Apply(attempt).Status == WorkStatus.Done)
                    {
                        actions++;
                        Replan(act.LeadId, owner);
                    }

                    break;
            }

            // Commit in slices, as a replayed file is: nobody waits on an answer, and each commit
            // writes the pages the slice changed again. What a slice holds until its commit grows
            // with the pages it touches, and they spread over more pages as the log grows: a
            // million-lead week peaked at 980 MB with slices of 20,000 happenings and 827 MB with
            // these, in about the same time (measured with the rollback journal in memory, before
            // the scratch store kept a write-ahead log). Each is written while the next slice is
            // decided: a week of 250,000 leads spent a fifth of its time waiting on its 176 commits.
            if (++applied % Slice == 0)
            {
                session.Writer.SaveDistribution(session.State.ToSnapshot());
                session.Commit(behind: true);
                session.Writer.Begin();
            }
        }

        session.Writer.SaveDistribution(session.State.ToSnapshot());
        session.Commit();
        return new WeekSimulationResult(store.Path, start, end, arrived, actions, breaches, playbook.HubSpot is null ? null : session.WriteBackTally);

        // When an owner changes (a breach escalated, a misroute went back to triage), the new owner
        // works the lead from now on; the old owner's plans no longer apply.
        void Replan(string leadId, string? previousOwner)
        {
            if (session.FindLead(leadId) is { Member: { } member } lead && member != previousOwner && lead.NurtureTrack is null)
            {
                Plan(lead, clock.Now);
            }
        }

        // What the lead's owner will do, and when: first touch in working hours at their pace,
        // then an answer, then perhaps a meeting or a recycle.
        void Plan(StoredLead lead, DateTimeOffset from)
        {
            if (lead.Member is not { } memberId || playbook.FindMember(memberId) is not { } member)
            {
                return;
            }

            var sdr = behaviour[memberId];
            // A fitted member's rates already are what its sources brought it.
            var quality = like?.Members.ContainsKey(memberId) == true ? 1.0 : SourceQuality.GetValueOrDefault(lead.Source ?? "", 1.0);
            var touch = WorkingTime.Next(member, from) + sdr.TouchDelay(random);
            Schedule(touch, new Act(lead.LeadId, memberId, SdrAction.Touch, null));
            var answer = WorkingTime.Next(member, touch + TimeSpan.FromMinutes(5 + random.Next(60)));
            if (random.NextDouble() < 1 - (1 - sdr.AcceptRate) * quality)
            {
                Schedule(answer, new Act(lead.LeadId, memberId, SdrAction.Accept, null));
                if (random.NextDouble() < sdr.MeetingRate)
                {
                    Schedule(WorkingTime.Next(member, answer + TimeSpan.FromHours(1 + random.Next(48))), new Act(lead.LeadId, memberId, SdrAction.MeetingBooked, null));
                }
                else if (random.NextDouble() < sdr.RecycleRate)
                {
                    var reason = playbook.RecycleReasons[random.Next(playbook.RecycleReasons.Count)].Code;
                    Schedule(WorkingTime.Next(member, answer + TimeSpan.FromDays(1 + random.Next(4))), new Act(lead.LeadId, memberId, SdrAction.Recycle, reason));
                }
            }
            else
            {
                var misroutes = playbook.RejectReasons.Where(r => r.Misroute).ToList();
                var others = playbook.RejectReasons.Where(r => !r.Misroute).ToList();
                var pool = misroutes.Count > 0 && (others.Count == 0 || random.NextDouble() < sdr.MisrouteShare) ? misroutes : others;
                if (pool.Count > 0)
                {
                    Schedule(answer, new Act(lead.LeadId, memberId, SdrAction.Reject, pool[random.Next(pool.Count)].Code));
                }
            }
        }
    }

    // How much more often than usual SDRs reject leads from a source: self-serve sign-ups are often
    // not ready for sales; referrals usually are.
    private static readonly Dictionary<string, double> SourceQuality = new(StringComparer.Ordinal)
    {
        [nameof(LeadSource.ProductSignup)] = 2.2,
        [nameof(LeadSource.Paid)] = 1.2,
        [nameof(LeadSource.Referral)] = 0.5,
        [nameof(LeadSource.DemoRequest)] = 0.8,
    };

    private abstract record Happening;

    private sealed record Arrival(HandoffRules.Intake.LeadInput Lead) : Happening;

    private sealed record Due(string LeadId, string Sla) : Happening;

    private sealed record Act(string LeadId, string Member, SdrAction Action, string? Reason) : Happening;

    private sealed record HoldScan : Happening;

    private static readonly TimeSpan HoldScanEvery = TimeSpan.FromMinutes(15);

    // Leads the session keeps in memory: a few megabytes, whatever the size of the week.
    private const int LeadsKept = 4_096;

    // Happenings a commit takes: what a slice changes is held in memory until it commits (see the loop).
    private const int Slice = 4_096;

    /// <summary>The simulation's clock: it is whatever time the next happening is at.</summary>
    private sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Meters : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}

/// <summary>A member's next working moment: working days and hours in their time zone, days away skipped.</summary>
internal static class WorkingTime
{
    public static DateTimeOffset Next(Member member, DateTimeOffset from)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(member.TimeZone);
        var at = from;
        for (var guard = 0; guard < 60 * 24 * 4; guard++)
        {
            // Asked for every quarter hour until one is worked (a weekend is some 250): nothing allocated.
            var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
            if (!member.IsOutOfOffice(DateOnly.FromDateTime(local)) && member.Hours.Contains(local))
            {
                return at;
            }

            // Jump to the next quarter hour; working hours start on the hour.
            at = at.AddMinutes(15 - at.Minute % 15).AddSeconds(-at.Second).AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
        }

        return at;
    }
}
