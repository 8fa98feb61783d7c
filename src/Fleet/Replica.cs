using System.Runtime.CompilerServices;

namespace Headroom.Fleet;

/// <summary>
/// One replica's engine with continuous batching, advanced a step at a time (<see cref="Step"/>) or from event to
/// event (<see cref="FleetTiming.Events"/>, in Replica.Events.cs). Waiting requests are admitted in
/// arrival order while the batch and the KV cache have room; admitted prompts are prefilled first come, first
/// served in chunks that share each iteration with the decoding batch; every decoding sequence gains one token
/// per iteration. Decoding progress is one shared counter (tokens per sequence), so a step costs O(1) plus
/// O(log n) per request event, whatever the batch size.
/// </summary>
public sealed partial class Replica(string name, ModelProfile model, ReplicaStartup startup)
{
    private readonly Queue<SimRequest> _waiting = new();
    private readonly Queue<SimRequest> _prefilling = new();
    private readonly PriorityQueue<SimRequest, double> _decoding = new();
    private double _counter;
    private double _sumDecodeStart;
    private long _decodingPromptTokens;
    private long _kvReserved;
    private readonly IterationRates _rates = new(model);
    // Made on the first prompt that comes with blocks, so a replay of a trace without them keeps no cache.
    private PrefixCache<bool>? _cache;

    /// <summary>Its name, unique in its fleet.</summary>
    public string Name { get; } = name;

    /// <summary>When it passes each start-up condition.</summary>
    public ReplicaStartup Startup { get; } = startup;

    /// <summary>
    /// Each of its pods' start-ups, leader first, when it is a group of pods that started apart (<see cref="Startup"/>
    /// is their slowest); otherwise its one start-up, which every pod of a group that started at once shares.
    /// </summary>
    public IReadOnlyList<ReplicaStartup> Pods { get; init; } = [startup];

    /// <summary>When it was created, seconds.</summary>
    public double Created => Startup.Created;

    /// <summary>When it is ready to serve, seconds.</summary>
    public double ReadyAt => Startup.Ready;

    /// <summary>When it began terminating; NaN while it serves.</summary>
    public double TerminatingSince { get; internal set; } = double.NaN;

    /// <summary>Whether it has been removed and is finishing its batch.</summary>
    public bool Terminating
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every event; compiled once without a profile (the simulator), it would stay out of line.
        get => !double.IsNaN(TerminatingSince);
    }

    /// <summary>
    /// Requests whose prefill has not begun (vLLM's num_requests_waiting): those not admitted yet and those admitted
    /// behind the prompt being prefilled. vLLM V1 gives each step's token budget to its running requests first, so a
    /// prompt queued behind another's chunks stays waiting, and holds no KV blocks, until the budget reaches it.
    /// </summary>
    public int Waiting
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _waiting.Count + Math.Max(0, _prefilling.Count - 1);
    }

    /// <summary>Requests being prefilled or decoding (vLLM's num_requests_running): the prompt at the head of the prefill queue and the decoding batch.</summary>
    public int Running
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Math.Min(1, _prefilling.Count) + _decoding.Count;
    }

    /// <summary>Requests routed to it and not finished: what least-outstanding-requests routing compares.</summary>
    public int Load
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _waiting.Count + Admitted;
    }

    // Requests the replica has taken into its batch, their KV reserved: the batch limit and the KV check count them.
    private int Admitted
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _prefilling.Count + _decoding.Count;
    }

    /// <summary>Output tokens produced, each first token counted at the end of its prefill (vLLM's generation_tokens_total).</summary>
    public double GenerationTokensTotal { get; private set; }

    /// <summary>
    /// Prompt tokens of the requests whose prefill ended, those found in the prefix cache included (vLLM's
    /// prompt_tokens_total, which counts a prompt whole when its first token comes out).
    /// </summary>
    public double PromptTokensTotal { get; private set; }

    /// <summary>Prompt tokens looked up in the prefix cache: every admitted prompt's (vLLM's prefix_cache_queries).</summary>
    public double PrefixCacheQueriesTotal { get; private set; }

    /// <summary>Prompt tokens found in the prefix cache, which the replica did not prefill (vLLM's prefix_cache_hits).</summary>
    public double PrefixCacheHitsTotal { get; private set; }

    /// <summary>Requests that finished (vLLM's request_success_total).</summary>
    public long RequestsFinishedTotal { get; private set; }

    /// <summary>Seconds the GPU has spent running kernels since the replica became ready.</summary>
    public double BusySeconds { get; private set; }

    /// <summary>
    /// KV-cache use, 0 to 1, as vLLM reports it (blocks held by running requests): the prompts of the decoding batch
    /// and the tokens generated so far, and the part of the prompt being prefilled that is computed or found cached.
    /// Prompts queued behind it hold none yet, though admission reserves their room.
    /// </summary>
    /// <remarks>
    /// The generated tokens are a difference of running sums, which rounding can leave a hair below zero once a batch
    /// drains; the pipeline drops a ratio outside 0..1 as garbage, so unclamped the replica would report no KV use.
    /// </remarks>
    public double KvCacheUsage
    {
        get
        {
            var prefilled = _prefilling.TryPeek(out var head) ? head.Prompt - head.PrefillLeft : 0;
            return Math.Clamp((_decodingPromptTokens + prefilled + _decoding.Count * _counter - _sumDecodeStart) / model.KvCacheTokens, 0, 1);
        }
    }

    /// <summary>Where finished and dropped requests go for reuse (the event-driven fleet's); none in the step model.</summary>
    internal RequestPool? Pool { get; set; }

    /// <summary>Routes <paramref name="request"/> to this replica's waiting queue.</summary>
    public void Enqueue(SimRequest request) => _waiting.Enqueue(request);

    /// <summary>Takes back the requests that have not been admitted, for routing elsewhere.</summary>
    public void TakeWaiting(List<SimRequest> into)
    {
        into.AddRange(_waiting);
        _waiting.Clear();
    }

    /// <summary>Drops every request still on the replica (its termination grace ran out).</summary>
    public void DropAll(double at, IRequestSink sink)
    {
        foreach (var r in _waiting) Drop(r, at, sink);
        foreach (var r in _prefilling) Drop(r, at, sink);
        foreach (var (r, _) in _decoding.UnorderedItems) Drop(r, at, sink);
        _waiting.Clear();
        _prefilling.Clear();
        _decoding.Clear();
    }

    /// <summary>
    /// Advances the engine from <paramref name="t"/> to <paramref name="t"/> + <paramref name="dt"/>. Within the step
    /// the engine runs from event to event (a prompt arriving, a prefill ending, a sequence finishing), so request
    /// times are exact for the model; only admission waits for the step's start.
    /// </summary>
    public void Step(double t, double dt, double clientTimeout, IRequestSink sink)
    {
        while (_waiting.Count > 0 && t - _waiting.Peek().Arrival > clientTimeout)
        {
            var late = _waiting.Dequeue();
            sink.Dropped(late.Arrival, t, late.Prompt);
        }
        Admit();
        if (_prefilling.Count == 0 && _decoding.Count == 0) return;

        var end = t + dt;
        var tau = t;
        while (tau < end)
        {
            var batch = _decoding.Count;
            var head = _prefilling.Count > 0 ? _prefilling.Peek() : null;
            var prefilling = head is not null && head.Arrival <= tau;
            if (!prefilling && batch == 0)
            {
                // Idle until the next admitted prompt arrives, or to the end of the step.
                if (head is null) break;
                tau = Math.Min(end, head.Arrival);
                continue;
            }
            double prefillRate = 0, decodeRate;
            if (prefilling)
            {
                prefillRate = _rates.PrefillTokensPerSecond(batch);
                decodeRate = _rates.DecodeRateWhilePrefilling(batch);
                if (double.IsNaN(head!.Started)) head.Started = tau;
            }
            else
            {
                decodeRate = _rates.DecodeRate(batch);
            }
            var prefillDone = prefilling ? tau + head!.PrefillLeft / prefillRate : double.PositiveInfinity;
            var finishAt = batch > 0 && _decoding.TryPeek(out _, out var target) ? tau + (target - _counter) / decodeRate : double.PositiveInfinity;
            var arrival = head is not null && !prefilling ? head.Arrival : double.PositiveInfinity;
            var next = Math.Min(Math.Min(end, arrival), Math.Min(prefillDone, finishAt));

            var span = next - tau;
            _counter += span * decodeRate;
            GenerationTokensTotal += batch * span * decodeRate;
            BusySeconds += span;
            tau = next;
            if (prefilling)
            {
                head!.PrefillLeft -= next == prefillDone ? head.PrefillLeft : span * prefillRate;
                if (next == prefillDone) EndPrefill(head, tau, sink);
            }
            if (next == finishAt) FinishDecoding(tau, sink);
        }
    }

    private void EndPrefill(SimRequest r, double at, IRequestSink sink)
    {
        r.PrefillLeft = 0;
        _prefilling.Dequeue();
        r.FirstToken = at;
        GenerationTokensTotal += 1;
        if (!r.PrefilledElsewhere) PromptTokensTotal += r.Prompt;
        if (_cache is not null && r.Blocks.Any) _cache.Add(r.Blocks, true);
        if (r.Output == 1)
        {
            Finish(r, at, sink);
            return;
        }
        // The remaining output − 1 tokens come one per iteration from now on.
        _decodingPromptTokens += r.Prompt;
        r.DecodeStart = _counter;
        _sumDecodeStart += _counter;
        _decoding.Enqueue(r, _counter + r.Output - 1);
    }

    // Every sequence whose last token is due by now leaves the batch; the counter is set to the target exactly,
    // so rounding never leaves a sequence one ulp short of done.
    private void FinishDecoding(double at, IRequestSink sink)
    {
        if (_decoding.TryPeek(out _, out var target)) _counter = Math.Max(_counter, target);
        while (_decoding.TryPeek(out var done, out var due) && due <= _counter + 1e-9)
        {
            _decoding.Dequeue();
            _sumDecodeStart -= done.DecodeStart;
            _decodingPromptTokens -= done.Prompt;
            Finish(done, at, sink);
        }
    }

    private void Admit()
    {
        while (_waiting.TryPeek(out var next) && Fits(next))
        {
            _waiting.Dequeue();
            _prefilling.Enqueue(next);
            _kvReserved += next.KvTokens;
            if (model.PrefixCaching && next.Blocks.Any) LookUp(next);
        }
    }

    // The leading blocks already cached are not prefilled; the last prompt token always is, as the engine needs its
    // logits for the first output token.
    private void LookUp(SimRequest r)
    {
        // One trace's blocks are all one size, so the first prompt's sets how many fit.
        _cache ??= new PrefixCache<bool> { Capacity = model.KvCacheTokens / r.Blocks.BlockTokens };
        var cached = Math.Min((long)_cache.CachedPrefix(r.Blocks).Blocks * r.Blocks.BlockTokens, r.Prompt - 1);
        PrefixCacheQueriesTotal += r.Prompt;
        if (cached <= 0) return;
        PrefixCacheHitsTotal += cached;
        r.PrefillLeft -= cached;
    }

    // Whether the batch and the KV cache have room for it. A lone request is always admitted, so one larger than the
    // cache cannot block the queue for ever.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Fits(SimRequest next) =>
        Admitted < model.MaxBatch && (Admitted == 0 || _kvReserved + next.KvTokens <= model.KvCacheTokens);

    private void Finish(SimRequest r, double at, IRequestSink sink)
    {
        _kvReserved -= r.KvTokens;
        RequestsFinishedTotal++;
        sink.Completed(r.Arrival, r.Started, r.FirstToken, at, r.Prompt, r.Output);
        Pool?.Return(r);
    }

    private void Drop(SimRequest r, double at, IRequestSink sink)
    {
        sink.Dropped(r.Arrival, at, r.Prompt);
        Pool?.Return(r);
    }
}
