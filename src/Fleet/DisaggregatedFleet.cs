namespace Headroom.Fleet;

/// <summary>
/// Prefill/decode disaggregation, as llm-d deploys it: two fleets of their own replicas, scaled apart. A request is
/// routed to a prefill replica, which prefills its prompt and produces one token; its KV cache then moves to a decode
/// replica (<see cref="KvTransfer"/>), which takes it with its prompt already in cache and generates every output
/// token, the first that the client sees included. So its time to first token is the prefill wait and prefill, the
/// transfer and the decode replica's admission. Each fleet is an unchanged <see cref="FleetModel"/>, so each role's
/// replicas report what a prefill or decode pod's engine would: prompt tokens on prefill replicas, generated tokens
/// and the prompts' KV on decode replicas.
/// </summary>
public sealed class DisaggregatedFleet
{
    private readonly KvTransfer _transfer;
    private readonly IRequestSink _sink;
    private readonly Handoff _handoff;
    // KV caches in flight to the decode fleet, by the instant they arrive.
    private readonly PriorityQueue<SimRequest, double> _transfers = new();
    // The requests being prefilled, by their (unique) arrival instant: the prefill fleet reports a request by it.
    private readonly Dictionary<double, (int Prompt, int Output)> _prefilling = [];
    private double _lastArrival = double.NegativeInfinity;

    /// <summary>Creates the two fleets, with no replicas; <see cref="FleetModel.AddWarm"/> on each gives them replicas that serve.</summary>
    public DisaggregatedFleet(FleetRules prefill, IReplicaProvisioner prefillReplicas, FleetRules decode, IReplicaProvisioner decodeReplicas,
        KvTransfer transfer, IRequestSink sink, FleetTiming timing = FleetTiming.Events)
    {
        _transfer = transfer;
        _sink = sink;
        _handoff = new Handoff(this);
        Prefill = new FleetModel(prefill, prefillReplicas, _handoff, timing);
        Decode = new FleetModel(decode, decodeReplicas, sink, timing);
    }

    /// <summary>The prefill replicas.</summary>
    public FleetModel Prefill { get; }

    /// <summary>The decode replicas.</summary>
    public FleetModel Decode { get; }

    /// <summary>KV caches on their way to a decode replica.</summary>
    public int InTransfer => _transfers.Count;

    /// <summary>Whether any request is still held, queued, running or in transfer.</summary>
    public bool Idle => _transfers.Count == 0 && Prefill.Idle && Decode.Idle;

    /// <summary>
    /// Routes a new request to the prefill fleet at <paramref name="now"/>, whose prefix caches know its prompt as
    /// <paramref name="blocks"/>; with event timing, first handles every event due by then.
    /// </summary>
    public void Arrive(double arrival, int prompt, int output, double now, PromptBlocks blocks = default)
    {
        if (Prefill.Timing == FleetTiming.Events) RunUntil(now);
        // The prefill fleet names a finished request by its arrival; a trace can hold several at one instant, so a tie
        // is moved on by the least representable step (far below any time the model resolves).
        var at = arrival > _lastArrival ? arrival : Math.BitIncrement(_lastArrival);
        _lastArrival = at;
        _prefilling[at] = (prompt, output);
        Prefill.Arrive(at, prompt, 1, now, blocks);
    }

    /// <summary>Event timing: handles every event of both fleets due by <paramref name="until"/>, and the transfers that land by then.</summary>
    public void RunUntil(double until) => RunUntil(until, stopWhenIdle: false);

    /// <summary>As <see cref="RunUntil(double)"/>, stopping early once nothing is left anywhere when <paramref name="stopWhenIdle"/>; returns when it stopped.</summary>
    public double RunUntil(double until, bool stopWhenIdle)
    {
        // Prefill never waits on decode, so it runs first; what it finishes lands on the decode fleet in time order.
        Prefill.RunUntil(until);
        while (_transfers.TryPeek(out var landed, out var due) && due <= until)
        {
            _transfers.Dequeue();
            Decode.Arrive(landed, due);
        }
        if (stopWhenIdle && _transfers.Count == 0 && Prefill.Idle) return Decode.RunUntil(until, stopWhenIdle: true);
        Decode.RunUntil(until);
        return until;
    }

    /// <summary>Step timing: advances both fleets by one step from <paramref name="t"/>; a transfer lands at the first step that starts after it.</summary>
    public void Step(double t, double dt)
    {
        Prefill.Step(t, dt);
        while (_transfers.TryPeek(out var landed, out var due) && due <= t)
        {
            _transfers.Dequeue();
            Decode.Arrive(landed, t);
        }
        Decode.Step(t, dt);
    }

    /// <summary>Drops every request left anywhere (the run ended before they finished).</summary>
    public void DropRemaining(double now)
    {
        Prefill.DropRemaining(now);
        while (_transfers.TryDequeue(out var lost, out _)) _sink.Dropped(lost.Arrival, now, lost.Prompt);
        Decode.DropRemaining(now);
    }

    /// <summary>Seconds every replica of both fleets existed up to <paramref name="now"/>.</summary>
    public double ReplicaSeconds(double now) => Prefill.ReplicaSeconds(now) + Decode.ReplicaSeconds(now);

    /// <summary>GPU busy seconds of every replica of both fleets so far.</summary>
    public double BusySeconds => Prefill.BusySeconds + Decode.BusySeconds;

    // A prompt prefilled: its KV leaves for the decode fleet; a request the prefill fleet gave up is dropped.
    private sealed class Handoff(DisaggregatedFleet fleet) : IRequestSink
    {
        public void Completed(double arrival, double started, double firstToken, double finished, int promptTokens, int outputTokens)
        {
            if (!fleet._prefilling.Remove(arrival, out var request))
                throw new InvalidOperationException($"the prefill fleet finished a request that arrived at {arrival}s, which it was never given");
            fleet._transfers.Enqueue(SimRequest.Prefilled(arrival, request.Prompt, request.Output), finished + fleet._transfer.Seconds(request.Prompt));
        }

        public void Dropped(double arrival, double at, int promptTokens)
        {
            fleet._prefilling.Remove(arrival);
            fleet._sink.Dropped(arrival, at, promptTokens);
        }
    }
}
