using System.Runtime.CompilerServices;

namespace Headroom.Fleet;

/// <summary>
/// The replicas of one workload behind a router: the fleet model that the simulator replays traces through and the
/// demo serves its traffic with. New replicas are ready after a cold start the provisioner draws; arrivals go to the ready replica with the fewest requests (waiting plus running); with no
/// ready replica they are held in front of the fleet (as a gateway holds them) until one is ready or the client
/// gives up. A removed replica stops taking requests, hands back its queue and finishes its batch within the
/// termination grace. Time advances in steps over every replica (<see cref="FleetTiming.Steps"/>, <see cref="Step"/>)
/// or from event to event (<see cref="FleetTiming.Events"/>, <see cref="RunUntil(double)"/>), where a replica with
/// nothing to do costs nothing.
/// </summary>
public sealed class FleetModel
{
    private readonly FleetRules _rules;
    private readonly IReplicaProvisioner _provisioner;
    private readonly IRequestSink _sink;
    private readonly List<Replica> _replicas = [];
    private readonly Queue<SimRequest> _held = new();
    private readonly List<SimRequest> _reroute = [];
    private readonly List<Replica> _becameReady = [];
    private readonly List<ReplicaRecord> _removed = [];
    private readonly ReplicaAgenda _agenda = new();
    private readonly RoutingLoads _loads = new();
    private readonly RequestPool _pool = new();
    private readonly PrefixAffinity? _affinity;
    // Requests by which prefix-affinity routing lets a replica's load exceed the least loaded's.
    private const int AffinitySlack = 2;
    private readonly double _clientTimeout;
    private readonly EventRules _eventRules;
    private readonly double _grace;
    // Totals of replicas already removed; the live ones are added when asked.
    private double _removedReplicaSeconds;
    private double _removedBusySeconds;
    private double _removedCacheQueries, _removedCacheHits;
    // No replica becomes ready after this, so steps past it skip the search.
    private double _latestReadyAt;

    /// <summary>Creates an empty fleet; <see cref="AddWarm"/> gives it replicas that are already serving.</summary>
    public FleetModel(FleetRules rules, IReplicaProvisioner provisioner, IRequestSink sink, FleetTiming timing = FleetTiming.Steps)
    {
        _rules = rules;
        _provisioner = provisioner;
        _sink = sink;
        Timing = timing;
        _clientTimeout = rules.ClientTimeout.TotalSeconds;
        _eventRules = new EventRules(_clientTimeout, rules.AdmissionTick.TotalSeconds);
        _grace = rules.TerminationGrace.TotalSeconds;
        _affinity = rules.Routing == RequestRouting.PrefixAffinity ? new PrefixAffinity(rules.Model.KvCacheTokens) : null;
    }

    /// <summary>How this fleet advances time.</summary>
    public FleetTiming Timing { get; }

    private bool Events => Timing == FleetTiming.Events;

    /// <summary>Adds <paramref name="replicas"/> replicas that are serving at <paramref name="now"/>, as a warm fleet has at its start.</summary>
    public void AddWarm(int replicas, double now)
    {
        for (var i = 0; i < replicas; i++)
        {
            var replica = new Replica(_provisioner.NextName(), _rules.Model, _provisioner.Warm(now));
            _replicas.Add(replica);
            if (!Events) continue;
            Track(replica);
            replica.StartServing(replica.ReadyAt);
            Reschedule(replica);
        }
    }

    /// <summary>Every replica that exists: pending, ready or terminating.</summary>
    public IReadOnlyList<Replica> Replicas => _replicas;

    /// <summary>Replicas that became ready since the reader last cleared the list, for the cold-start observations.</summary>
    public List<Replica> BecameReady => _becameReady;

    /// <summary>Requests held in front of the fleet because no replica was ready.</summary>
    public int Held => _held.Count;

    /// <summary>Replicas created since the start (cold starts).</summary>
    public int ColdStarts { get; private set; }

    /// <summary>Seconds every replica existed (pending, ready or terminating) up to <paramref name="now"/>.</summary>
    public double ReplicaSeconds(double now) => _removedReplicaSeconds + _replicas.Sum(r => now - r.Created);

    /// <summary>GPU busy seconds of every replica so far.</summary>
    public double BusySeconds => _removedBusySeconds + _replicas.Sum(r => r.BusySeconds);

    /// <summary>Prompt tokens every replica so far looked up in its prefix cache, and those it found.</summary>
    public (double Queries, double Hits) PrefixCache =>
        (_removedCacheQueries + _replicas.Sum(r => r.PrefixCacheQueriesTotal), _removedCacheHits + _replicas.Sum(r => r.PrefixCacheHitsTotal));

    /// <summary>Replicas counted toward the scale (spec.replicas): pending and ready, not terminating.</summary>
    public int Scale => _replicas.Count(r => !r.Terminating);

    /// <summary>Whether <paramref name="r"/> takes requests at <paramref name="now"/>: ready and not terminating.</summary>
    public static bool IsReady(Replica r, double now) => r.ReadyAt <= now && !r.Terminating;

    /// <summary>
    /// Routes a new request; with event timing, first handles every event due by <paramref name="now"/>, and the fleet
    /// owns the request from then on (its object is reused once the request is done).
    /// </summary>
    public void Arrive(SimRequest request, double now)
    {
        if (Events) RunUntil(now);
        Route(request, now);
    }

    /// <summary>
    /// Routes a new request that arrived at <paramref name="arrival"/> as <see cref="Arrive(SimRequest, double)"/> does;
    /// with event timing its object is reused from requests that are done, so a replay allocates none per request.
    /// </summary>
    public void Arrive(double arrival, int prompt, int output, double now, PromptBlocks blocks = default) =>
        Arrive(Events ? _pool.Rent(arrival, prompt, output, blocks) : new SimRequest(arrival, prompt, output, blocks), now);

    private void Route(SimRequest request, double now)
    {
        if (Events)
        {
            var slot = _loads.LeastLoaded(_eventRules.AdmissionTick > 0 ? _eventRules.TickOf(now) : -2);
            if (slot < 0)
            {
                _held.Enqueue(request);
                return;
            }
            var chosen = Affine(request, now, _replicas[slot].Load) ?? _replicas[slot];
            chosen.Accept(request, now, _eventRules);
            Reschedule(chosen);
            Sent(request, chosen);
            return;
        }
        Replica? best = null;
        var bestLoad = int.MaxValue;
        for (var i = 0; i < _replicas.Count; i++)
        {
            var r = _replicas[i];
            if (!IsReady(r, now)) continue;
            var load = r.Load;
            if (load < bestLoad)
            {
                best = r;
                bestLoad = load;
            }
        }
        if (best is null)
        {
            _held.Enqueue(request);
            return;
        }
        best = Affine(request, now, bestLoad) ?? best;
        best.Enqueue(request);
        Sent(request, best);
    }

    // The replica holding the request's longest known prefix, if it takes requests and holds at most AffinitySlack
    // more of them than the least loaded: a prefix found saves its prefill, but a replica that every conversation
    // follows would queue them all behind one another.
    private Replica? Affine(SimRequest request, double now, int leastLoad)
    {
        if (_affinity is null || !request.Blocks.Any) return null;
        var holder = _affinity.Holder(request.Blocks);
        return holder is not null && IsReady(holder, now) && (!Events || holder.Serving) && holder.Load <= leastLoad + AffinitySlack ? holder : null;
    }

    private void Sent(SimRequest request, Replica replica)
    {
        if (_affinity is not null && request.Blocks.Any) _affinity.Sent(request.Blocks, replica, _replicas.Count);
    }

    /// <summary>
    /// Event timing: handles every event due by <paramref name="until"/> in time order (replicas' engine events, replicas
    /// becoming ready, termination deadlines, held requests timing out).
    /// </summary>
    public void RunUntil(double until) => RunUntil(until, stopWhenIdle: false);

    /// <summary>As <see cref="RunUntil(double)"/>, stopping early once nothing is held, queued or running when <paramref name="stopWhenIdle"/>; returns when it stopped.</summary>
    public double RunUntil(double until, bool stopWhenIdle)
    {
        if (!Events) throw new InvalidOperationException("a fleet with step timing advances by Step");
        while (true)
        {
            var heldDue = _held.TryPeek(out var held) ? held.Arrival + _clientTimeout : double.PositiveInfinity;
            var engineDue = _agenda.EarliestAt;
            var at = Math.Min(heldDue, engineDue);
            if (at > until) return until;
            if (heldDue <= engineDue) DropHeld(at);
            else Handle(_agenda.Earliest, at);
            if (stopWhenIdle && Idle) return at;
        }
    }

    /// <summary>Event timing: brings every serving replica's counters and gauges up to <paramref name="now"/>, before they are read.</summary>
    public void Settle(double now)
    {
        if (!Events) return;
        for (var i = 0; i < _replicas.Count; i++)
        {
            if (_replicas[i].Serving) _replicas[i].AdvanceTo(now);
        }
    }

    private void Handle(Replica r, double at)
    {
        if (!r.Serving)
        {
            r.StartServing(at);
            if (r.Created < r.ReadyAt) _becameReady.Add(r);
            Reschedule(r);
            while (_held.TryDequeue(out var held)) Route(held, at);
            return;
        }
        if (r.Terminating && at >= r.TerminatingSince + _grace)
        {
            r.AdvanceTo(at);
            r.DropAll(at, _sink);
            Remove(r.Slot, at);
            return;
        }
        r.Fire(at, _eventRules, _sink);
        if (r.Terminating && r.Running == 0)
        {
            r.DropAll(at, _sink);
            Remove(r.Slot, at);
            return;
        }
        Reschedule(r);
    }

    // A replica's place on the agenda: while it starts, the first scheduler tick at or after its ready instant (the
    // router sees it from then on, as the step model's does from the next step's start), then its engine's next event, and while it
    // terminates no later than the end of its grace. Called after every change to a replica, so its load is kept too.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every event; compiled once without a profile (the simulator), it would stay out of line.
    private void Reschedule(Replica r)
    {
        _loads.Update(r);
        _agenda.Set(r, !r.Serving ? _eventRules.NextTick(r.ReadyAt) : r.Terminating ? Math.Min(r.NextEventAt, r.TerminatingSince + _grace) : r.NextEventAt);
    }

    private void Track(Replica r)
    {
        r.Pool = _pool;
        _loads.Add(r);
    }

    private void DropHeld(double at)
    {
        var held = _held.Dequeue();
        _sink.Dropped(held.Arrival, at, held.Prompt);
        if (Events) _pool.Return(held);
    }

    /// <summary>Advances every replica by one step from <paramref name="t"/>.</summary>
    public void Step(double t, double dt)
    {
        if (Events) throw new InvalidOperationException("a fleet with event timing advances by RunUntil");
        if (_latestReadyAt > t - dt)
        {
            foreach (var r in _replicas)
            {
                if (r.ReadyAt > t - dt && r.ReadyAt <= t && r.Created < r.ReadyAt) _becameReady.Add(r);
            }
        }
        if (_held.Count > 0 && _replicas.Any(r => IsReady(r, t)))
        {
            while (_held.TryDequeue(out var held)) Arrive(held, t);
        }
        while (_held.Count > 0 && t - _held.Peek().Arrival > _rules.ClientTimeout.TotalSeconds)
        {
            var late = _held.Dequeue();
            _sink.Dropped(late.Arrival, t, late.Prompt);
        }

        var timeout = _rules.ClientTimeout.TotalSeconds;
        for (var i = _replicas.Count - 1; i >= 0; i--)
        {
            var r = _replicas[i];
            if (r.ReadyAt > t) continue;
            r.Step(t, dt, timeout, _sink);
            if (r.Terminating && (r.Running == 0 || t + dt - r.TerminatingSince >= _rules.TerminationGrace.TotalSeconds))
            {
                r.DropAll(t + dt, _sink);
                Remove(i, t + dt);
            }
        }
    }

    /// <summary>Sets the scale: creates replicas with fresh cold starts, or removes replicas (not-ready first, then the least loaded).</summary>
    public void ScaleTo(int desired, double now)
    {
        var current = Scale;
        for (var i = current; i < desired; i++)
        {
            var name = _provisioner.NextName();
            var pods = _provisioner.ColdStartPods(now);
            var replica = new Replica(name, _rules.Model, ReplicaStartup.Slowest(pods)) { Pods = pods };
            _latestReadyAt = Math.Max(_latestReadyAt, replica.ReadyAt);
            _replicas.Add(replica);
            ColdStarts++;
            if (!Events) continue;
            Track(replica);
            Reschedule(replica);
        }
        for (var i = desired; i < current; i++)
        {
            var victim = _replicas.Where(r => !r.Terminating)
                .OrderBy(r => r.ReadyAt <= now ? 1 : 0).ThenBy(r => r.Load).ThenByDescending(r => r.Created).First();
            if (victim.ReadyAt > now)
            {
                Remove(_replicas.IndexOf(victim), now);
                continue;
            }
            victim.TerminatingSince = now;
            if (!Events)
            {
                victim.TakeWaiting(_reroute);
                continue;
            }
            victim.TakeWaitingAt(now, _reroute, _eventRules);
            if (victim.Running == 0) Remove(victim.Slot, now);
            else Reschedule(victim);
        }
        foreach (var r in _reroute) Route(r, now);
        _reroute.Clear();
    }

    /// <summary>Drops every request left anywhere (the run ended before they finished).</summary>
    public void DropRemaining(double now)
    {
        Settle(now);
        foreach (var r in _replicas) r.DropAll(now, _sink);
        while (_held.Count > 0) DropHeld(now);
    }

    /// <summary>Whether any request is still held, queued or running.</summary>
    public bool Idle
    {
        get
        {
            if (_held.Count > 0) return false;
            for (var i = 0; i < _replicas.Count; i++)
            {
                if (_replicas[i].Load > 0) return false;
            }
            return true;
        }
    }

    private void Remove(int index, double now)
    {
        var r = _replicas[index];
        _removedReplicaSeconds += now - r.Created;
        _removedBusySeconds += r.BusySeconds;
        _removedCacheQueries += r.PrefixCacheQueriesTotal;
        _removedCacheHits += r.PrefixCacheHitsTotal;
        _removed.Add(Record(r, now));
        _replicas.RemoveAt(index);
        if (!Events) return;
        _agenda.Remove(r);
        _loads.RemoveAt(index, _replicas);
    }

    /// <summary>Every replica that existed up to <paramref name="now"/>, removed or not, in creation order.</summary>
    public IReadOnlyList<ReplicaRecord> History(double now) =>
        _removed.Concat(_replicas.Select(r => Record(r, now))).OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();

    private static ReplicaRecord Record(Replica r, double until) =>
        new(r.Name, r.Created, r.ReadyAt <= until ? r.ReadyAt : null, until, r.BusySeconds);
}
