namespace Headroom.Fleet;

// The event-driven engine (FleetTiming.Events): the replica's state moves linearly between events, so it is advanced
// only when something happens to it (an event of its own, a request routed to it, a reading) and an idle replica
// costs nothing. Between two events the batch does not change, so the rates are those of the last plan.
// Admission is the step model's: a request that finds room when it arrives is admitted at once, and one that waits
// is admitted at the first scheduler tick (the fleet's step) after room frees, so both models queue alike.
public sealed partial class Replica
{
    // The instant the linear state (counter, totals, the prompt being prefilled) was last advanced to.
    private double _at;
    private double _decodeRate;
    private double _prefillRate;
    private double _prefillDoneAt = double.PositiveInfinity;
    private double _finishAt = double.PositiveInfinity;
    private double _admitAt = double.PositiveInfinity;

    /// <summary>When the engine's next event falls (a prefill ending, a sequence finishing, a waiting request timing out); infinity when idle.</summary>
    internal double NextEventAt { get; private set; } = double.PositiveInfinity;

    /// <summary>Whether the replica serves in the event-driven fleet: its ready event has fired.</summary>
    internal bool Serving { get; private set; }

    /// <summary>The scheduler tick in which requests last left the replica (finished or dropped), and how many left in it.</summary>
    internal (long Tick, int Count) LeftInTick { get; private set; } = (-1, 0);

    /// <summary>Its index in the fleet's list, for the routing loads.</summary>
    internal int Slot { get; set; }

    /// <summary>Its entry on the fleet's agenda of next events; −1 when it is not on it.</summary>
    internal int AgendaEntry { get; set; } = -1;

    /// <summary>Starts serving at <paramref name="at"/>, its ready instant.</summary>
    internal void StartServing(double at)
    {
        Serving = true;
        _at = at;
    }

    /// <summary>Brings the counter, the totals and the prompt being prefilled up to <paramref name="to"/>.</summary>
    internal void AdvanceTo(double to)
    {
        var span = to - _at;
        if (span <= 0) return;
        _at = to;
        var batch = _decoding.Count;
        var prefilling = _prefilling.Count > 0;
        if (batch == 0 && !prefilling) return;
        var decoded = span * _decodeRate;
        _counter += decoded;
        GenerationTokensTotal += batch * decoded;
        BusySeconds += span;
        if (prefilling)
        {
            var head = _prefilling.Peek();
            head.PrefillLeft -= Math.Min(head.PrefillLeft, span * _prefillRate);
        }
    }

    /// <summary>Routes <paramref name="request"/> here at <paramref name="now"/>; admitted at once if nothing waits ahead of it and it fits.</summary>
    internal void Accept(SimRequest request, double now, EventRules rules)
    {
        AdvanceTo(now);
        _waiting.Enqueue(request);
        if (_waiting.Count == 1) AdmitAt(now);
        Plan(rules);
    }

    /// <summary>Handles the engine's events due at <paramref name="at"/>: a prefill ending, sequences finishing, waiting requests timing out.</summary>
    internal void Fire(double at, EventRules rules, IRequestSink sink)
    {
        var clientTimeout = rules.ClientTimeout;
        var before = Load;
        AdvanceTo(at);
        if (at >= _prefillDoneAt)
        {
            EndPrefill(_prefilling.Peek(), at, sink);
            if (_prefilling.TryPeek(out var next)) next.Started = at;
        }
        if (at >= _finishAt) FinishDecoding(at, sink);
        // The same sum as planned, so a request due exactly now is dropped now.
        while (_waiting.TryPeek(out var waiting) && waiting.Arrival + clientTimeout <= at) Drop(_waiting.Dequeue(), at, sink);
        if (at >= _admitAt) AdmitAt(at);
        Plan(rules);
        if (Load < before && rules.AdmissionTick > 0)
        {
            var tick = rules.TickOf(at);
            LeftInTick = (tick, (LeftInTick.Tick == tick ? LeftInTick.Count : 0) + before - Load);
        }
    }

    /// <summary>Hands back the requests not yet admitted, at <paramref name="now"/>, when the replica is removed.</summary>
    internal void TakeWaitingAt(double now, List<SimRequest> into, EventRules rules)
    {
        AdvanceTo(now);
        TakeWaiting(into);
        Plan(rules);
    }

    // Admission at an iteration boundary: the batch changes only at events, and each event is one.
    private void AdmitAt(double at)
    {
        var wasPrefilling = _prefilling.Count > 0;
        Admit();
        if (!wasPrefilling && _prefilling.TryPeek(out var head)) head.Started = at;
    }

    // The rates of the batch as it now is, and when its next event falls.
    private void Plan(EventRules rules)
    {
        var batch = _decoding.Count;
        var prefilling = _prefilling.TryPeek(out var head);
        _decodeRate = prefilling ? _rates.DecodeRateWhilePrefilling(batch) : _rates.DecodeRate(batch);
        _prefillRate = prefilling ? _rates.PrefillTokensPerSecond(batch) : 0;
        _prefillDoneAt = prefilling ? _at + head!.PrefillLeft / _prefillRate : double.PositiveInfinity;
        _finishAt = batch > 0 && _decoding.TryPeek(out _, out var target) ? _at + (target - _counter) / _decodeRate : double.PositiveInfinity;
        var waits = _waiting.TryPeek(out var waiting);
        var timeoutAt = waits ? waiting!.Arrival + rules.ClientTimeout : double.PositiveInfinity;
        _admitAt = waits && Fits(waiting!) ? rules.NextTick(_at) : double.PositiveInfinity;
        NextEventAt = Math.Min(Math.Min(_prefillDoneAt, _finishAt), Math.Min(timeoutAt, _admitAt));
    }
}
