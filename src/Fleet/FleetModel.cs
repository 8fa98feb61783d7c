namespace Headroom.Fleet;

/// <summary>
/// The replicas of one workload behind a router: the fleet model that the simulator replays traces through and the
/// demo serves its traffic with. New replicas are ready after a cold start the provisioner draws; arrivals go to the ready replica with the fewest requests (waiting plus running); with no
/// ready replica they are held in front of the fleet (as a gateway holds them) until one is ready or the client
/// gives up. A removed replica stops taking requests, hands back its queue and finishes its batch within the
/// termination grace.
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
    // Totals of replicas already removed; the live ones are added when asked.
    private double _removedReplicaSeconds;
    private double _removedBusySeconds;
    // No replica becomes ready after this, so steps past it skip the search.
    private double _latestReadyAt;

    /// <summary>Creates an empty fleet; <see cref="AddWarm"/> gives it replicas that are already serving.</summary>
    public FleetModel(FleetRules rules, IReplicaProvisioner provisioner, IRequestSink sink)
    {
        _rules = rules;
        _provisioner = provisioner;
        _sink = sink;
    }

    /// <summary>Adds <paramref name="replicas"/> replicas that are serving at <paramref name="now"/>, as a warm fleet has at its start.</summary>
    public void AddWarm(int replicas, double now)
    {
        for (var i = 0; i < replicas; i++) _replicas.Add(new Replica(_provisioner.NextName(), _rules.Model, _provisioner.Warm(now)));
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

    /// <summary>Replicas counted toward the scale (spec.replicas): pending and ready, not terminating.</summary>
    public int Scale => _replicas.Count(r => !r.Terminating);

    /// <summary>Whether <paramref name="r"/> takes requests at <paramref name="now"/>: ready and not terminating.</summary>
    public static bool IsReady(Replica r, double now) => r.ReadyAt <= now && !r.Terminating;

    /// <summary>Routes a new request.</summary>
    public void Arrive(SimRequest request, double now)
    {
        Replica? best = null;
        foreach (var r in _replicas)
        {
            if (IsReady(r, now) && (best is null || r.Load < best.Load)) best = r;
        }
        if (best is null) _held.Enqueue(request);
        else best.Enqueue(request);
    }

    /// <summary>Advances every replica by one step from <paramref name="t"/>.</summary>
    public void Step(double t, double dt)
    {
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
        while (_held.Count > 0 && t - _held.Peek().Arrival > _rules.ClientTimeout.TotalSeconds) _sink.Dropped(_held.Dequeue().Arrival, t);

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
            var replica = new Replica(_provisioner.NextName(), _rules.Model, _provisioner.ColdStart(now));
            _latestReadyAt = Math.Max(_latestReadyAt, replica.ReadyAt);
            _replicas.Add(replica);
            ColdStarts++;
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
            victim.TakeWaiting(_reroute);
        }
        foreach (var r in _reroute) Arrive(r, now);
        _reroute.Clear();
    }

    /// <summary>Drops every request left anywhere (the run ended before they finished).</summary>
    public void DropRemaining(double now)
    {
        foreach (var r in _replicas) r.DropAll(now, _sink);
        while (_held.TryDequeue(out var held)) _sink.Dropped(held.Arrival, now);
    }

    /// <summary>Whether any request is still held, queued or running.</summary>
    public bool Idle => _held.Count == 0 && _replicas.All(r => r.Load == 0);

    private void Remove(int index, double now)
    {
        var r = _replicas[index];
        _removedReplicaSeconds += now - r.Created;
        _removedBusySeconds += r.BusySeconds;
        _removed.Add(Record(r, now));
        _replicas.RemoveAt(index);
    }

    /// <summary>Every replica that existed up to <paramref name="now"/>, removed or not, in creation order.</summary>
    public IReadOnlyList<ReplicaRecord> History(double now) =>
        _removed.Concat(_replicas.Select(r => Record(r, now))).OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();

    private static ReplicaRecord Record(Replica r, double until) =>
        new(r.Name, r.Created, r.ReadyAt <= until ? r.ReadyAt : null, until, r.BusySeconds);
}
