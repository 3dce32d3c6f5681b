using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Store;

/// <summary>
/// A writer whose writes run on a thread of their own, in the order they were made, while the
/// processor goes on deciding: on SQLite the statements a lead costs took most of the processor's
/// time, with routing waiting behind them. Nothing about a transaction changes: it begins, commits
/// and rolls back when the processor says so, after every write made before has run. Writes are
/// handed over a run at a time; those not handed over yet when the processor waits, with the
/// writing thread idle (a live batch of a lead or two), run on the processor's own thread. With
/// nothing queued, the writing thread makes what its writer keeps for the commit (<see cref="IWritesAhead"/>),
/// until the processor next waits.
/// <para>
/// What taking a lead in and breaching an SLA ask — whether an input was seen, whether a lead id
/// is kept, what a duplicate key points to, a lead and its timers, whether a timer can start — is
/// answered at once from the store as last committed (<see cref="ICommittedReads"/>), with what this
/// transaction wrote laid over it: the inputs recorded, the duplicate keys kept, the leads as saved,
/// the timers as started and settled. A lead's timers are answered from memory still after the
/// commit, for the leads touched lately (<see cref="CommittedTimers"/>): this is its store's only
/// writer. Every other read waits until the writes before it have run, then runs as it would
/// without the queue.
/// </para>
/// <para>
/// A write that fails stops the writes after it; the failure is thrown to the processor at its
/// next call, as the statement's own exception, and the processor rolls the transaction back as
/// it does any failure in a batch.
/// </para>
/// <para>
/// A simulation's scratch store, thrown away if the run stops, may commit behind (<see cref="CommitBehind"/>):
/// the commit runs among the writes and the processor goes on, its reads answered from what the
/// transaction wrote until the next commit. A failure before such a commit is written is the
/// commit's, and stops the writer for good.
/// </para>
/// </summary>
internal sealed class QueuedWriter : IHandoffWriter
{
    // Writes are handed over in runs of this many, so the two threads meet once a run, not once a
    // statement; the processor waits when so many runs are queued and the thread is behind. A writer
    // that commits behind lets it queue more while a commit is written: with 8 runs the processor
    // still waited out most of each commit, and a 100,000-lead week was no faster.
    private const int Run = 64;
    private const int RunsQueuedAtMost = 8;
    private const int RunsQueuedBehindAtMost = 256;

    private readonly IHandoffWriter _inner;
    private readonly ICommittedReads _committed;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly Queue<List<Action<IHandoffWriter>>> _queued = new();
    private readonly Stack<List<Action<IHandoffWriter>>> _spare = new();
    private List<Action<IHandoffWriter>> _run = new(Run);
    private bool _writing;
    private bool _stopping;

    // Whether the writing thread may make writes its writer keeps for the commit (IWritesAhead)
    // while it has none queued: from when the processor hands a run over until it next waits. A wait
    // is followed by a call on the writer from the processor's thread (a read, the commit), which
    // the writing thread must not overlap.
    private readonly IWritesAhead? _writesAhead;
    private bool _mayWriteAhead;
    private volatile ExceptionDispatchInfo? _failure;

    // What the open transaction wrote, which the committed reads cannot see; and what the transaction
    // last committed behind wrote (CommitBehind), which they may not see yet: asked after the open
    // transaction's own writes, until the next commit.
    private TransactionWrites _writes = new();
    private TransactionWrites _committing = new();

    // Whether commits may be handed over (a scratch store's writer); whether the last one was (the
    // next transaction begins on the writing thread, after it); how many were, and how many of those
    // the writing thread has written.
    private readonly bool _commitsBehindAllowed;
    private bool _lastCommitBehind;
    private long _commitsBehind;
    private long _commitsWritten;

    // The inputs, lead ids and duplicate keys this writer ever wrote, when the store had none when it
    // opened (a simulation's new store, a first run): what this filter never saw, the store does not
    // hold, and the committed read is not made. Nearly every lead taken in asks for an input, a lead
    // id and duplicate keys nobody wrote yet, and each read costs a few pages of the file again after
    // every commit. Null once another writer opens on the store, whose writes it would not see.
    private volatile BloomFilter? _written;

    // The duplicate keys committed transactions kept but the store does not hold yet, when the store
    // need not survive a crash and has no other writer (a simulation's scratch store); null for every
    // other. A key is kept under a digest of itself, so each lead's keys land at random pages of the
    // table and every commit rewrote a share of all of it: a simulated week of 250,000 leads took
    // 34.3–35.8 s with no keys written at all against 43.7–44.0 s. Held back, they are written in
    // digest order every so many keys, each page they land on once, and the rest at the end.
    private Dictionary<string, (string LeadId, string? Queue, string? Member, DateTimeOffset At)>? _keysHeldBack;

    // Every open hold of the store, while this writer is the first on a store that held nothing and
    // no other has opened (what _written says): the held-lead scan reads them without waiting. Null
    // otherwise, and from a commit whose outcome is not known.
    private OpenHoldBook? _holds;

    private OpenHoldBook? HoldsKnown => _written is not null ? _holds : null;

    // The timers as this writer's commits left them, for the leads it touched lately: it is its
    // store's only writer (the SQLite store lock lets no other host in), so they are the store's.
    private readonly CommittedTimers _committedTimers = new(TimersRememberedOf);

    // Leads whose timers are kept after their commit. A breach or an SDR's touch comes hours of
    // history after its lead arrived: a replayed week of 250,000 leads takes in some 1,500 an hour,
    // a 100,000-lead file replayed by the host some 550. Keeping 65,536 read 96% of that week's
    // timers from memory, 16,384 half of them; what is kept stays in the heap's oldest generation,
    // and the week's peak grew with it (see docs/benchmarks.md).
    internal const int TimersRememberedOf = 32_768;

    /// <summary>Starts the writing thread. Only for the store's only writer: it answers timers from what its own commits left.</summary>
    /// <param name="inner">The store's writer, whose calls this makes in order (on its thread, or on the caller's when it waits).</param>
    /// <param name="committed">The reads answered from the store as last committed.</param>
    /// <param name="storeEmpty">The store holds no input, lead or duplicate key, and no other writer is open on it.</param>
    /// <param name="keysHeldBack">The store need not survive a crash: duplicate keys are written in larger runs, in their order, after the commits that kept them.</param>
    /// <param name="commitsBehind">The store need not survive a crash: <see cref="CommitBehind"/> hands the commit over rather than wait for it.</param>
    public QueuedWriter(IHandoffWriter inner, ICommittedReads committed, bool storeEmpty = false, bool keysHeldBack = false, bool commitsBehind = false)
    {
        _keysHeldBack = keysHeldBack ? new(StringComparer.Ordinal) : null;
        _commitsBehindAllowed = commitsBehind;
        _inner = inner;
        _writesAhead = inner as IWritesAhead;
        _committed = committed;
        _written = storeEmpty ? new BloomFilter() : null;
        _holds = storeEmpty ? new OpenHoldBook() : null;
        _thread = new Thread(Write) { IsBackground = true, Name = "Handoff store writer" };
        _thread.Start();
    }

    /// <summary>
    /// How many times a read, a commit or a rollback had to let writes made before it finish first
    /// (for tests and measurements): counted by what the processor asked, not by how far the writing
    /// thread had got, so the same work counts the same.
    /// </summary>
    internal long Waits { get; private set; }

    /// <summary>
    /// Run on the writing thread before each commit handed over (<see cref="CommitBehind"/>) is
    /// written, as part of it (for tests: a commit held back, or one that fails).
    /// </summary>
    internal Action? BeforeCommitBehind { get; set; }

    // Whether a write was made since the last wait for the writes.
    private bool _wrote;

    // Between Begin and Commit or Rollback.
    private bool _inTransaction;

    public void Begin()
    {
        if (_lastCommitBehind)
        {
            // After the commit handed over, on the writing thread: the processor does not wait for it.
            ThrowIfFailed();
            _inTransaction = true;
            _holds?.Committed();
            Queue(w => w.Begin());
            return;
        }

        Wait();
        _inTransaction = true;
        Forget();
        // Holds written outside a transaction were committed as they ran.
        _holds?.Committed();
        _inner.Begin();
    }

    public void Commit()
    {
        HoldBackKeys();
        Wait();
        _inTransaction = false;
        _lastCommitBehind = false;
        _committing.Clear();
        try
        {
            _inner.Commit();
            TakeAsCommitted();
        }
        catch
        {
            // Whether the store has what this transaction wrote is not known: no timer or hold is answered from memory.
            _committedTimers.Clear();
            _holds = null;
            throw;
        }
        finally
        {
            Forget();
        }
    }

    /// <summary>
    /// Hands the commit to the writing thread after the transaction's writes, and returns: the
    /// simulation decides the next slice while the log is written (a 250,000-lead week spent 7 of its
    /// 40 s in its commits, and 2 more waiting for the slice's writes before each). What the
    /// transaction wrote is answered from memory until the next commit, as the open transaction's
    /// is; what its commit leaves (timers, holds) is taken as committed. A commit is handed over once
    /// the one before it is written. A writer that was not allowed to commits at once.
    /// </summary>
    public void CommitBehind()
    {
        if (!_commitsBehindAllowed)
        {
            Commit();
            return;
        }

        var keysWritten = HoldBackKeys();
        WaitForCommitsBehind();
        Queue(new BehindCommit(this, _commitsBehind + 1).Write);

        // From here a failure of the transaction's writes is its commit's (see Failure).
        _commitsBehind++;
        _inTransaction = false;
        _lastCommitBehind = true;
        if (_run.Count > 0)
        {
            Hand();
        }

        TakeAsCommitted();

        // The transaction's writes become the committing ones; the emptied ones before them take its place.
        (_committing, _writes) = (_writes, _committing);
        if (keysWritten is not null)
        {
            // Every key held back, the transaction's among them, is written with it.
            _committing.Keys = keysWritten;
        }

        Forget();
    }

    // What a commit leaves, remembered: the timers it wrote, the holds it settled.
    private void TakeAsCommitted()
    {
        foreach (var (leadId, timers) in _writes.Timers)
        {
            _committedTimers.Committed(leadId, timers);
        }

        _holds?.Committed();
    }

    public void Rollback()
    {
        // Whatever failed is undone with the transaction; it was already thrown, or is moot. A
        // commit handed over that failed is not: what the processor decided since rests on it.
        Wait(rethrow: false);
        ThrowIfCommitBehindFailed();
        _failure = null;
        _inTransaction = false;
        _lastCommitBehind = false;
        Forget();
        _committing.Clear();
        _holds?.RolledBack();
        _inner.Rollback();
    }

    public void Dispose()
    {
        Wait(rethrow: false);
        try
        {
            if (_keysHeldBack is { Count: > 0 } && _failure is null && !_inTransaction)
            {
                // What the last commits kept: the store is read after its writer (a simulation's report, a kept --db).
                Begin();
                WriteHeldBackKeys();
                Commit();
            }
        }
        finally
        {
            // A failure to write them is thrown once the thread has stopped and the connections are closed.
            lock (_gate)
            {
                _stopping = true;
                Monitor.PulseAll(_gate);
            }

            _thread.Join();
            _inner.Dispose();
            _committed.Dispose();
        }

        // The last commit handed over was not written: the run is not done, whatever it printed.
        ThrowIfCommitBehindFailed();
    }

    public DistributionSnapshot? LoadDistribution() => Waited(w => w.LoadDistribution());

    // The snapshot may share arrays with the live state: it is written before the processor moves on.
    public void SaveDistribution(DistributionSnapshot snapshot) => Waited(w => { w.SaveDistribution(snapshot); return 0; });

    public InputCursor? LoadCursor(string input) => Waited(w => w.LoadCursor(input));

    public void SaveCursor(InputCursor cursor) => Queue(w => w.SaveCursor(cursor));

    public string? InputOutcome(string source, string sourceId) => InputOutcomeAndLead(source, sourceId, null).Outcome;

    /// <summary>Another writer opened on the store: from now on every read asks the store.</summary>
    internal void ForgetWritten() => _written = null;

    public (string? Outcome, bool LeadKept) InputOutcomeAndLead(string source, string sourceId, string? leadId)
    {
        ThrowIfFailed();
        var (outcome, kept) = NeverWritten(InputHash(source, sourceId)) && (leadId is null || NeverWritten(LeadHash(leadId)))
            ? (null, false)
            : _committed.InputOutcomeAndLead(source, sourceId, leadId);
        return (_writes.Inputs.TryGetValue((source, sourceId), out var recorded) || _committing.Inputs.TryGetValue((source, sourceId), out recorded) ? recorded : outcome,
            kept || (leadId is not null && Saved(leadId) is not null));
    }

    public void RecordInput(string source, string sourceId, string kind, string outcome, string? leadId, DateTimeOffset at)
    {
        Queue(w => w.RecordInput(source, sourceId, kind, outcome, leadId, at));
        _writes.Inputs[(source, sourceId)] = outcome;
        _written?.Add(InputHash(source, sourceId));
    }

    public void CountRedelivery() => Queue(w => w.CountRedelivery());

    public void CountRotation() => Queue(w => w.CountRotation());

    public void CountBlankLine() => Queue(w => w.CountBlankLine());

    public void Append(string leadId, string type, DateTimeOffset at, EventMembers data)
    {
        if (_inner is IPreparedWrites prepared)
        {
            var row = prepared.PrepareEvent(data);
            Queue(w => ((IPreparedWrites)w).Append(leadId, type, at, row));
            return;
        }

        Queue(w => w.Append(leadId, type, at, data));
    }

    public void AppendIntake(string leadId, string type, DateTimeOffset at, string decision, string input) =>
        Queue(w => w.AppendIntake(leadId, type, at, decision, input));

    public IReadOnlyList<HandoffEvent> EventsWithoutLead(string type, long afterSeq) => Waited(w => w.EventsWithoutLead(type, afterSeq));

    // A lead this transaction saved is given back as it was saved: its trace and lead may be the
    // processor's JSON rather than the store's compact forms, which saving it again keeps the same.
    public StoredLead? FindLead(string leadId)
    {
        ThrowIfFailed();
        return Saved(leadId) ?? (NeverWritten(LeadHash(leadId)) ? null : _committed.FindLead(leadId));
    }

    // A lead this transaction saved with its lead's JSON has it as the store will give it back: the
    // store keeps '' only for a text its intake input rebuilds exactly. One saved with the '' read back
    // from the store keeps the committed row's input, so the committed read rebuilds it; one taken in
    // by this transaction as its input ('', its reader having normalised it) is rebuilt by the store's
    // writer once the writes before have run (seldom asked: a stage's required fields).
    public Lead? NormalisedLead(string leadId)
    {
        ThrowIfFailed();
        if (Saved(leadId) is not { } saved)
        {
            return NeverWritten(LeadHash(leadId)) ? null : _committed.NormalisedLead(leadId);
        }

        return saved.Lead.Length > 0
            ? Store.NormalisedLead.ReadLead(saved.Lead, null, leadId, saved.ArrivedAt)
            : _committed.NormalisedLead(leadId) ?? Waited(w => w.NormalisedLead(leadId));
    }

    public void SaveLead(StoredLead lead)
    {
        // A trace given as text has its steps found here, one the processor wrote comes as them: the
        // writing thread only looks them up.
        var steps = _inner is IPreparedWrites && lead.WrittenTrace is null && lead.Trace is { } trace && !CompactTrace.IsCompact(trace) ? CompactTrace.Steps(trace) : null;
        Queue(steps is null ? w => w.SaveLead(lead) : w => ((IPreparedWrites)w).SaveLead(lead, steps));
        _writes.Leads[lead.LeadId] = lead with { ArrivedAt = AsStored(lead.ArrivedAt), UpdatedAt = AsStored(lead.UpdatedAt) };
        _written?.Add(LeadHash(lead.LeadId));
    }

    // The store's statement starts a timer unless one of that SLA is still pending; the same rule,
    // on the timers as this transaction left them, gives its answer without waiting for it.
    public bool StartTimer(StoredTimer timer)
    {
        var timers = TimersOf(timer.LeadId);
        if (timers.Exists(t => t.Sla == timer.Sla && t.State == StoredTimer.Pending))
        {
            return false;
        }

        Queue(w => w.StartTimer(timer));
        Started(timers, timer);
        return true;
    }

    // A lead taken in within this transaction has no timers in the store (the method's contract).
    public void StartTimerOfNewLead(StoredTimer timer)
    {
        Queue(w => w.StartTimerOfNewLead(timer));
        if (!_writes.Timers.TryGetValue(timer.LeadId, out var timers))
        {
            _writes.Timers[timer.LeadId] = timers = [];
        }

        Started(timers, timer);
    }

    // Kept with what this transaction wrote, so a breach that settles the timer it read does not read it again.
    public IReadOnlyList<StoredTimer> Timers(string leadId)
    {
        ThrowIfFailed();
        return [.. TimersOf(leadId)];
    }

    public void SettleTimer(string leadId, string sla, string state, DateTimeOffset at, bool late)
    {
        Queue(w => w.SettleTimer(leadId, sla, state, at, late));
        var timers = TimersOf(leadId);
        var i = timers.FindIndex(t => t.Sla == sla && t.State == StoredTimer.Pending);
        if (i >= 0)
        {
            timers[i] = timers[i] with { State = state, SettledAt = AsStored(at), Late = late };
        }
    }

    public (string LeadId, string? Queue, string? Member, DateTimeOffset At)? FindDuplicateKey(string key) => FindDuplicateKeys([key])[0];

    public (string LeadId, string? Queue, string? Member, DateTimeOffset At)?[] FindDuplicateKeys(IReadOnlyList<string> keys)
    {
        ThrowIfFailed();
        var found = AllNeverWritten(keys) ? new (string, string?, string?, DateTimeOffset)?[keys.Count] : _committed.FindDuplicateKeys(keys);
        for (var i = 0; i < keys.Count; i++)
        {
            if (_writes.Keys.TryGetValue(keys[i], out var kept) || _committing.Keys.TryGetValue(keys[i], out kept) || _keysHeldBack?.TryGetValue(keys[i], out kept) == true)
            {
                found[i] = kept;
            }
        }

        return found;
    }

    public void SaveDuplicateKey(string key, string leadId, string? queue, string? member, DateTimeOffset at) =>
        SaveDuplicateKeys([key], leadId, queue, member, at);

    public void SaveDuplicateKeys(IReadOnlyList<string> keys, string leadId, string? queue, string? member, DateTimeOffset at)
    {
        if (_keysHeldBack is null)
        {
            Queue(w => w.SaveDuplicateKeys(keys, leadId, queue, member, at));
        }

        foreach (var key in keys)
        {
            _writes.Keys[key] = (leadId, queue, member, at);
            _written?.Add(KeyHash(key));
        }
    }

    public void DeadLetter(string source, string position, string raw, string reason, DateTimeOffset at) =>
        Queue(w => w.DeadLetter(source, position, raw, reason, at));

    public void Enqueue(string channel, string target, string body, string? leadId, DateTimeOffset at) =>
        Queue(w => w.Enqueue(channel, target, body, leadId, at));

    public void SaveHold(StoredHold hold)
    {
        Queue(w => w.SaveHold(hold));
        _holds?.Save(hold);
    }

    public IReadOnlyList<StoredHold> OpenHolds(string queue, StoredHold? after, int limit) =>
        Holds(book => book.Open(queue, after, limit), w => w.OpenHolds(queue, after, limit));

    public IReadOnlyList<StoredHold> HoldsRunningOut(DateTimeOffset at, int limit) =>
        Holds(book => book.RunningOut(at, limit), w => w.HoldsRunningOut(at, limit));

    // A read of the holds: from this writer's own book when it knows every hold, else from the store once the writes before it ran.
    private IReadOnlyList<StoredHold> Holds(Func<OpenHoldBook, List<StoredHold>> fromBook, Func<IHandoffWriter, IReadOnlyList<StoredHold>> fromStore)
    {
        if (HoldsKnown is { } book)
        {
            ThrowIfFailed();
            return fromBook(book);
        }

        return Waited(fromStore);
    }

    public void ReleaseHold(string leadId, DateTimeOffset at)
    {
        Queue(w => w.ReleaseHold(leadId, at));
        _holds?.Release(leadId);
    }

    public void MoveHold(string leadId, string queue)
    {
        Queue(w => w.MoveHold(leadId, queue));
        _holds?.Move(leadId, queue);
    }

    public IReadOnlyList<(StoredLead Lead, string? PreviousOwner)> UnheldLeads(int limit) => Waited(w => w.UnheldLeads(limit));

    public string? LastHubSpotWrite(string contactId, string field) => Waited(w => w.LastHubSpotWrite(contactId, field));

    public JsonObject? LastPropertyChange(string leadId, string propertyName) => Waited(w => w.LastPropertyChange(leadId, propertyName));

    // Keys held back at most: written at once late in a 250,000-lead week, they land on nearly every
    // one of the table's some 6,000 pages, once. The week then took 38.6–40.1 s against 44.4–53.8 s,
    // with some 40 MB more at its peak (see docs/benchmarks.md).
    internal const int KeysHeldBackAtMost = 32_768;

    // The transaction's keys join those held back; enough of them are written before it commits.
    // Gives the keys it wrote, if it did: the store has them once the commit is written.
    private Dictionary<string, (string LeadId, string? Queue, string? Member, DateTimeOffset At)>? HoldBackKeys()
    {
        if (_keysHeldBack is null)
        {
            return null;
        }

        foreach (var (key, kept) in _writes.Keys)
        {
            _keysHeldBack[key] = kept;
        }

        return _keysHeldBack.Count >= KeysHeldBackAtMost ? WriteHeldBackKeys() : null;
    }

    // In the order of the digests they are kept under, the table's own order, and written under the
    // digests sorted by. Digested and sorted here: with its commits handed over, the week's writing
    // thread is the busier of the two, and the one the deciding thread waits for.
    private Dictionary<string, (string LeadId, string? Queue, string? Member, DateTimeOffset At)> WriteHeldBackKeys()
    {
        var keys = _keysHeldBack!;
        _keysHeldBack = new(StringComparer.Ordinal);
        var heldBack = keys.ToArray();
        var digests = Array.ConvertAll(heldBack, k => DuplicateKeyStatements.Digest(k.Key));
        Array.Sort(digests, heldBack, DigestOrder);
        Queue(w =>
        {
            var prepared = w as IPreparedWrites;
            for (var i = 0; i < heldBack.Length; i++)
            {
                var (key, (leadId, queue, member, at)) = heldBack[i];
                if (prepared is not null)
                {
                    prepared.SaveDuplicateKey(digests[i], leadId, queue, member, at);
                }
                else
                {
                    w.SaveDuplicateKey(key, leadId, queue, member, at);
                }
            }
        });
        return keys;
    }

    private static readonly Comparer<byte[]> DigestOrder = Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b));

    private void Forget() => _writes.Clear();

    // A lead as this transaction, or the one committed behind, saved it.
    private StoredLead? Saved(string leadId) =>
        _writes.Leads.TryGetValue(leadId, out var saved) || _committing.Leads.TryGetValue(leadId, out saved) ? saved : null;

    // What a transaction wrote that its reads answer from memory. The committing one's is cleared
    // once every commit handed over is written (a commit or rollback waited for it): the store then
    // answers for it.
    private sealed class TransactionWrites
    {
        public Dictionary<(string Source, string SourceId), string> Inputs { get; } = [];

        public Dictionary<string, (string LeadId, string? Queue, string? Member, DateTimeOffset At)> Keys { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, StoredLead> Leads { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<StoredTimer>> Timers { get; } = new(StringComparer.Ordinal);

        public void Clear()
        {
            Inputs.Clear();
            Keys.Clear();
            Leads.Clear();
            Timers.Clear();
        }
    }

    // Until the commit handed over last is written: the one after it takes its place in memory. A
    // failure met meanwhile, or before, is thrown.
    private void WaitForCommitsBehind()
    {
        lock (_gate)
        {
            while (_commitsWritten != _commitsBehind && _failure is null)
            {
                Monitor.Wait(_gate);
            }
        }

        ThrowIfFailed();
    }

    private void ThrowIfCommitBehindFailed()
    {
        if (Failure() is { SourceException: CommitBehindFailedException } failure)
        {
            failure.Throw();
        }
    }

    // The failure to throw. One that stopped the writes while a commit handed over was not written
    // yet came before it, and is that commit's: the caller took the transaction as committed. (One
    // after it, in the next transaction, the writing thread only meets once the commit is counted.)
    private ExceptionDispatchInfo? Failure()
    {
        var failure = _failure;
        if (failure is { SourceException: not CommitBehindFailedException } && Volatile.Read(ref _commitsWritten) != _commitsBehind)
        {
            // The writing thread sets no other failure until a rollback clears this one.
            _failure = failure = ExceptionDispatchInfo.Capture(new CommitBehindFailedException(failure.SourceException));
        }

        return failure;
    }

    // A commit handed over (CommitBehind), run in its place among the writes.
    private sealed class BehindCommit(QueuedWriter queued, long number)
    {
        public void Write(IHandoffWriter writer)
        {
            try
            {
                queued.BeforeCommitBehind?.Invoke();
                writer.Commit();
            }
            catch (Exception e)
            {
                throw new CommitBehindFailedException(e);
            }

            lock (queued._gate)
            {
                queued._commitsWritten = number;
                Monitor.PulseAll(queued._gate);
            }
        }
    }

    private void ThrowIfFailed() => Failure()?.Throw();

    // Each kind of key hashed apart, with the process's own string hash.
    private static int InputHash(string source, string sourceId) => HashCode.Combine('i', source, sourceId);

    private static int LeadHash(string leadId) => HashCode.Combine('l', leadId);

    private static int KeyHash(string key) => HashCode.Combine('d', key);

    private bool NeverWritten(int hash) => _written is { } written && !written.MayContain(hash);

    private bool AllNeverWritten(IReadOnlyList<string> keys)
    {
        if (_written is not { } written)
        {
            return false;
        }

        foreach (var key in keys)
        {
            if (written.MayContain(KeyHash(key)))
            {
                return false;
            }
        }

        return true;
    }

    // A time as the store gives it back: the same instant, in UTC.
    private static DateTimeOffset AsStored(DateTimeOffset at) => new(at.UtcTicks, TimeSpan.Zero);

    // The lead's timers as this transaction leaves them: as committed until it changes one (a copy of
    // what the commits remember, which a rollback must find as it was).
    private List<StoredTimer> TimersOf(string leadId)
    {
        if (!_writes.Timers.TryGetValue(leadId, out var timers))
        {
            _writes.Timers[leadId] = timers = _committing.Timers.TryGetValue(leadId, out var committing) ? [.. committing]
                : _committedTimers.TryGet(leadId, out var kept) ? [.. kept]
                : [.. _committed.Timers(leadId)];
        }

        return timers;
    }

    // A timer (re)started: in place of an ended one of its SLA, in the order the store reads them.
    private static void Started(List<StoredTimer> timers, StoredTimer timer)
    {
        timers.RemoveAll(t => t.Sla == timer.Sla);
        timers.Add(timer with { StartedAt = AsStored(timer.StartedAt), DueAt = AsStored(timer.DueAt), SettledAt = null, Late = false });
        timers.Sort(static (a, b) => a.DueAt.CompareTo(b.DueAt) is var byDue and not 0 ? byDue : string.CompareOrdinal(a.Sla, b.Sla));
    }

    // A write: run later, on the writing thread, after every write made before it.
    private void Queue(Action<IHandoffWriter> write)
    {
        ThrowIfFailed();
        _wrote = true;
        _run.Add(write);
        if (_run.Count == Run)
        {
            Hand();
        }
    }

    // A call that answers: made here once every write before it has run, the writing thread idle.
    private T Waited<T>(Func<IHandoffWriter, T> call)
    {
        Wait();
        return call(_inner);
    }

    private void Hand()
    {
        lock (_gate)
        {
            while (_queued.Count >= (_commitsBehindAllowed ? RunsQueuedBehindAtMost : RunsQueuedAtMost) && _failure is null)
            {
                Monitor.Wait(_gate);
            }

            _queued.Enqueue(_run);
            _run = _spare.TryPop(out var spare) ? spare : new List<Action<IHandoffWriter>>(Run);
            _mayWriteAhead = _writesAhead is not null;
            Monitor.PulseAll(_gate);
        }
    }

    // Until every write made so far has run; then the failure of one of them, if any, is thrown.
    // Writes not handed over yet run here when the writing thread has nothing left: a live batch of
    // a lead or two then commits without waking it (two thread switches on every webhook's answer).
    private void Wait(bool rethrow = true)
    {
        if (_wrote)
        {
            Waits++;
            _wrote = false;
        }

        bool idle;
        lock (_gate)
        {
            _mayWriteAhead = false;
            idle = _queued.Count == 0 && !_writing;
        }

        if (idle)
        {
            RunWrites(_run);
        }
        else
        {
            if (_run.Count > 0)
            {
                Hand();
            }

            lock (_gate)
            {
                // Handed over to be waited for: what the writer keeps for the commit is not made first.
                _mayWriteAhead = false;
                while (_queued.Count > 0 || _writing)
                {
                    Monitor.Wait(_gate);
                }
            }
        }

        if (rethrow)
        {
            ThrowIfFailed();
        }
    }

    // The writing thread: runs each run of writes in order; after a failure it skips them until the
    // processor rolls back.
    private void Write()
    {
        while (true)
        {
            List<Action<IHandoffWriter>>? run = null;
            lock (_gate)
            {
                _writing = false;
                while (_queued.Count == 0)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    Monitor.PulseAll(_gate);
                    if (_mayWriteAhead && _failure is null)
                    {
                        break;
                    }

                    Monitor.Wait(_gate);
                }

                if (_queued.Count > 0)
                {
                    run = _queued.Dequeue();
                }

                _writing = true;
                Monitor.PulseAll(_gate);
            }

            if (run is null)
            {
                WriteAhead();
                continue;
            }

            RunWrites(run);
            lock (_gate)
            {
                _spare.Push(run);
            }
        }
    }

    // A few of the writes the writer keeps for the commit, made while nothing is queued; once none
    // is left, none is made until the processor hands over more writes.
    private void WriteAhead()
    {
        bool more;
        try
        {
            more = _writesAhead!.WriteAhead();
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            more = false;
        }

        if (!more)
        {
            lock (_gate)
            {
                // A run handed over while this piece was written gave a permission of its own: it stays,
                // and what that run keeps is written ahead once the run has been (it was lost, and a
                // replay's last run before a wait left its rows for the commit).
                if (_queued.Count == 0)
                {
                    _mayWriteAhead = false;
                }
            }
        }
    }

    // Runs writes in order, unless one before them failed; the first to fail is kept to be thrown.
    private void RunWrites(List<Action<IHandoffWriter>> run)
    {
        if (_failure is null)
        {
            try
            {
                foreach (var write in run)
                {
                    write(_inner);
                }
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
        }

        run.Clear();
    }
}
