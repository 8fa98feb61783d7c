using Headroom.Sim.Hpa;

namespace Headroom.Sim.Replay;

/// <summary>
/// How long a replay's controller was held away from its recommendation by its own limits: the time its ScalingLimited
/// condition was True, by reason, each sync's condition lasting until the next. A policy held at maxReplicas is scored
/// on a capped fleet, and its summary says so.
/// </summary>
internal sealed class LimitedTime
{
    private readonly double[] _seconds = new double[Enum.GetValues<ScalingLimit>().Length];
    private ScalingLimit _state;
    private double _since;

    /// <summary>The most replicas the metrics asked for while maxReplicas held the scale; null when it never did.</summary>
    public int? MostAsked { get; private set; }

    /// <summary>The scale maxReplicas held it at; null when it never did.</summary>
    public int? HeldAt { get; private set; }

    /// <summary>Seconds the condition was True for <paramref name="limit"/>.</summary>
    public double Seconds(ScalingLimit limit) => _seconds[(int)limit];

    /// <summary>Records the sync at <paramref name="now"/>: the condition before it lasted until now, and its own starts.</summary>
    public void Sync(double now, ControllerDecision decision)
    {
        Until(now);
        _state = decision.Limited;
        if (_state != ScalingLimit.TooManyReplicas) return;
        MostAsked = Math.Max(MostAsked ?? 0, Math.Max(decision.Proposal ?? 0, decision.DesiredReplicas));
        HeldAt = Math.Max(HeldAt ?? 0, decision.DesiredReplicas);
    }

    /// <summary>Counts the condition in force up to <paramref name="now"/>: the end of the replay.</summary>
    public void Until(double now)
    {
        _seconds[(int)_state] += Math.Max(0, now - _since);
        _since = now;
    }

    /// <summary>Both roles' times together, each role's counted in full (for a prefill/decode fleet's summary).</summary>
    public static LimitedTime Both(LimitedTime a, LimitedTime b)
    {
        var both = new LimitedTime
        {
            MostAsked = Max(a.MostAsked, b.MostAsked),
            HeldAt = Max(a.HeldAt, b.HeldAt),
        };
        for (var i = 0; i < both._seconds.Length; i++) both._seconds[i] = a._seconds[i] + b._seconds[i];
        return both;
    }

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
