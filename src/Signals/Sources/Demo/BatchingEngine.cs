namespace Headroom.Signals.Sources.Demo;

/// <summary>
/// One replica's inference engine with continuous batching: a waiting queue, a running batch bounded by
/// size and KV cache, and a GPU whose time each step goes first to prefill, then to decode.
/// </summary>
internal sealed class BatchingEngine(DemoWorkload workload)
{
    // DCGM-style duty cycle is averaged over a few seconds so one idle step does not read as an idle GPU.
    private const double DutySmoothingSeconds = 3;

    private readonly LinkedList<SimulatedRequest> _waiting = new();
    private readonly List<SimulatedRequest> _running = [];

    // Throughput b × S / (b + h) is scaled so that a full batch yields exactly the configured capacity.
    private readonly double _saturatedThroughput =
        workload.DecodeTokensPerSecond * (workload.MaxBatch + workload.HalfSaturationBatch) / workload.MaxBatch;

    public int Waiting => _waiting.Count;

    public int Running => _running.Count;

    public int Load => _waiting.Count + _running.Count;

    public double GenerationTokensTotal { get; private set; }

    public double PromptTokensTotal { get; private set; }

    public double DutyCycle { get; private set; }

    public double KvCacheUsage => Math.Min(1, KvTokens() / workload.KvCacheTokens);

    public void Enqueue(SimulatedRequest request) => _waiting.AddLast(request);

    public void DropWaitingArrivedBefore(DateTimeOffset cutoff) => _waiting.DropArrivedBefore(cutoff);

    /// <summary>Runs the engine for <paramref name="seconds"/> and returns the tokens it generated.</summary>
    public double Step(double seconds)
    {
        Admit();
        var prefillSeconds = Prefill(seconds);
        var (generated, decodeSeconds) = Decode(seconds - prefillSeconds);
        _running.RemoveAll(r => r.IsDone);
        PreemptWhileCacheOverflows();
        var busy = Math.Min(1, (prefillSeconds + decodeSeconds) / seconds);
        DutyCycle += (busy - DutyCycle) * (1 - Math.Exp(-seconds / DutySmoothingSeconds));
        return generated;
    }

    /// <summary>Empties the engine, for a replica that is going away.</summary>
    public IReadOnlyList<SimulatedRequest> Evict()
    {
        var all = _running.Concat(_waiting).ToList();
        _running.Clear();
        _waiting.Clear();
        return all;
    }

    private void Admit()
    {
        var kv = KvTokens();
        while (_waiting.First is { } next && _running.Count < workload.MaxBatch)
        {
            var request = next.Value;
            // A lone request is always admitted, so an oversized one cannot stall the queue forever.
            if (_running.Count > 0 && kv + request.ContextTokens > workload.KvCacheTokens)
            {
                return;
            }
            _waiting.RemoveFirst();
            _running.Add(request);
            kv += request.ContextTokens;
        }
    }

    private double Prefill(double seconds)
    {
        var budget = workload.PrefillTokensPerSecond * seconds;
        var processed = 0.0;
        foreach (var request in _running)
        {
            if (processed >= budget)
            {
                break;
            }
            var take = Math.Min(request.PrefillRemaining, budget - processed);
            request.PrefillRemaining = take >= request.PrefillRemaining ? 0 : request.PrefillRemaining - take;
            processed += take;
        }
        PromptTokensTotal += processed;
        return processed / workload.PrefillTokensPerSecond;
    }

    private (double Generated, double BusySeconds) Decode(double seconds)
    {
        var decoding = _running.Count(r => r.PrefillRemaining == 0);
        if (decoding == 0 || seconds <= 0)
        {
            return (0, 0);
        }
        // The batch's throughput grows with its size and saturates; each sequence gets an equal share.
        var perSequence = _saturatedThroughput / (decoding + workload.HalfSaturationBatch);
        var generated = 0.0;
        var busySeconds = 0.0;
        foreach (var request in _running)
        {
            if (request.PrefillRemaining > 0)
            {
                continue;
            }
            var before = request.Generated;
            request.Generated = Math.Min(request.OutputTokens, before + perSequence * seconds);
            var tokens = request.Generated - before;
            generated += tokens;
            busySeconds = Math.Max(busySeconds, tokens / perSequence);
        }
        GenerationTokensTotal += generated;
        return (generated, busySeconds);
    }

    private void PreemptWhileCacheOverflows()
    {
        var kv = KvTokens();
        while (kv > workload.KvCacheTokens && _running.Count > 1)
        {
            // Like vLLM, the most recently admitted request yields its cache blocks.
            var victim = _running[^1];
            _running.RemoveAt(_running.Count - 1);
            kv -= victim.ContextTokens;
            victim.Preempt();
            _waiting.AddFirst(victim);
        }
    }

    private double KvTokens()
    {
        var tokens = 0.0;
        foreach (var request in _running)
        {
            tokens += request.ContextTokens;
        }
        return tokens;
    }
}
