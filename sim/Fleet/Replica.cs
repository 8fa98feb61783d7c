namespace Headroom.Sim.Fleet;

/// <summary>
/// One replica's engine with continuous batching, advanced a step at a time. Waiting requests are admitted in
/// arrival order while the batch and the KV cache have room; admitted prompts are prefilled first come, first
/// served in chunks that share each iteration with the decoding batch; every decoding sequence gains one token
/// per iteration. Decoding progress is one shared counter (tokens per sequence), so a step costs O(1) plus
/// O(log n) per request that finishes, whatever the batch size.
/// </summary>
internal sealed class Replica(string name, ModelProfile model, double created, double readyAt)
{
    private readonly Queue<SimRequest> _waiting = new();
    private readonly Queue<SimRequest> _prefilling = new();
    private readonly PriorityQueue<SimRequest, double> _decoding = new();
    private readonly List<SimRequest> _joining = [];
    private readonly List<(double Time, double Counter)> _trace = [];
    private double _counter;
    private double _sumDecodeStart;
    private long _promptTokens;
    private long _kvReserved;

    public string Name { get; } = name;

    public double Created { get; } = created;

    public double ReadyAt { get; } = readyAt;

    /// <summary>When it began terminating; NaN while it serves.</summary>
    public double TerminatingSince { get; set; } = double.NaN;

    public bool Terminating => !double.IsNaN(TerminatingSince);

    public int Waiting => _waiting.Count;

    /// <summary>Requests in the batch, prefilling or decoding (vLLM's num_requests_running).</summary>
    public int Running => _prefilling.Count + _decoding.Count;

    public int Load => Waiting + Running;

    public double GenerationTokensTotal { get; private set; }

    public double PromptTokensTotal { get; private set; }

    /// <summary>Seconds the GPU has spent running kernels since the replica became ready.</summary>
    public double BusySeconds { get; private set; }

    /// <summary>KV-cache use, 0 to 1: admitted prompts plus the tokens generated so far.</summary>
    public double KvCacheUsage => Math.Min(1, (_promptTokens + _decoding.Count * _counter - _sumDecodeStart) / model.KvCacheTokens);

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
        foreach (var r in _waiting) sink.Dropped(r.Arrival, at);
        foreach (var r in _prefilling) sink.Dropped(r.Arrival, at);
        foreach (var (r, _) in _decoding.UnorderedItems) sink.Dropped(r.Arrival, at);
        _waiting.Clear();
        _prefilling.Clear();
        _decoding.Clear();
    }

    /// <summary>Advances the engine from <paramref name="t"/> to <paramref name="t"/> + <paramref name="dt"/>.</summary>
    public void Step(double t, double dt, double clientTimeout, IRequestSink sink)
    {
        while (_waiting.Count > 0 && t - _waiting.Peek().Arrival > clientTimeout) sink.Dropped(_waiting.Dequeue().Arrival, t);
        Admit();
        if (_prefilling.Count == 0 && _decoding.Count == 0) return;

        var end = t + dt;
        var batch = _decoding.Count;
        var decodeOnly = batch > 0 ? model.IterationSeconds(batch, 0) : double.PositiveInfinity;
        var chunk = model.ChunkTokens(batch);
        var mixed = model.IterationSeconds(batch, chunk);
        var prefillRate = chunk / mixed;
        var decodeRateMixed = batch > 0 ? 1 / mixed : 0;
        var decodeRateOnly = batch > 0 ? 1 / decodeOnly : 0;
        var startCounter = _counter;
        var tau = t;
        var busy = 0.0;
        _trace.Clear();
        _trace.Add((t, _counter));

        while (_prefilling.Count > 0 && tau < end)
        {
            var r = _prefilling.Peek();
            var start = Math.Max(tau, r.Arrival);
            if (start >= end) break;
            if (start > tau)
            {
                // No prompt to work on until this one arrives: the batch decodes alone.
                Decode(ref tau, start, decodeRateOnly, ref busy, batch);
            }
            if (double.IsNaN(r.Started)) r.Started = start;
            var finish = tau + r.PrefillLeft / prefillRate;
            if (finish > end)
            {
                r.PrefillLeft -= (end - tau) * prefillRate;
                PromptTokensTotal += (end - tau) * prefillRate;
                Advance(ref tau, end, decodeRateMixed, ref busy, alwaysBusy: true);
                break;
            }
            PromptTokensTotal += r.PrefillLeft;
            r.PrefillLeft = 0;
            Advance(ref tau, finish, decodeRateMixed, ref busy, alwaysBusy: true);
            _prefilling.Dequeue();
            r.FirstToken = finish;
            GenerationTokensTotal += 1;
            if (r.Output == 1) Finish(r, finish, sink);
            else _joining.Add(r);
        }
        if (tau < end) Decode(ref tau, end, decodeRateOnly, ref busy, batch);

        // Generated tokens: every sequence that decoded all step, less what finishers did not need.
        GenerationTokensTotal += batch * (_counter - startCounter);
        while (_decoding.TryPeek(out var done, out var finishAt) && finishAt <= _counter)
        {
            _decoding.Dequeue();
            GenerationTokensTotal -= _counter - finishAt;
            _sumDecodeStart -= done.DecodeStart;
            Finish(done, TimeAt(finishAt), sink);
        }
        foreach (var r in _joining)
        {
            // Tokens after the first: output − 1 more iterations from the next one on.
            r.DecodeStart = _counter;
            _sumDecodeStart += _counter;
            _decoding.Enqueue(r, _counter + r.Output - 1);
        }
        _joining.Clear();
        BusySeconds += busy;
    }

    private void Admit()
    {
        while (_waiting.Count > 0 && Running < model.MaxBatch)
        {
            var next = _waiting.Peek();
            // A lone request is always admitted, so one larger than the cache cannot block the queue for ever.
            if (Running > 0 && _kvReserved + next.KvTokens > model.KvCacheTokens) return;
            _waiting.Dequeue();
            _prefilling.Enqueue(next);
            _kvReserved += next.KvTokens;
            _promptTokens += next.Prompt;
        }
    }

    private void Decode(ref double tau, double until, double rate, ref double busy, int batch) =>
        Advance(ref tau, until, rate, ref busy, alwaysBusy: batch > 0);

    private void Advance(ref double tau, double until, double rate, ref double busy, bool alwaysBusy)
    {
        _counter += (until - tau) * rate;
        if (alwaysBusy) busy += until - tau;
        tau = until;
        _trace.Add((tau, _counter));
    }

    // The instant the decode counter reached a value within this step, by linear interpolation.
    private double TimeAt(double counter)
    {
        for (var i = 1; i < _trace.Count; i++)
        {
            var (t1, c1) = _trace[i];
            if (c1 < counter) continue;
            var (t0, c0) = _trace[i - 1];
            return c1 > c0 ? t0 + (t1 - t0) * (counter - c0) / (c1 - c0) : t1;
        }
        return _trace[^1].Time;
    }

    private void Finish(SimRequest r, double at, IRequestSink sink)
    {
        _kvReserved -= r.KvTokens;
        _promptTokens -= r.Prompt;
        sink.Completed(r.Arrival, r.Started, r.FirstToken, at, r.Output);
    }
}
