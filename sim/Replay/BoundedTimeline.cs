namespace Headroom.Sim.Replay;

/// <summary>
/// The timeline of a replay, held in bounded memory: up to <see cref="Cap"/> rows, one per controller sync; past that,
/// adjacent rows are merged in pairs (and again as it fills), so a replay of months keeps a few megabytes and its
/// timeline.csv and charts cover the whole run at a coarser period. A merged row ends where the later one ends:
/// rates are averaged, completions, drops and misses summed, levels (replicas, queue, running, duty, KV, worst TTFT) keep the
/// larger, as the charts do, and the controller's figures are the later sync's.
/// </summary>
internal sealed class BoundedTimeline
{
    /// <summary>Rows kept before merging: 65,536 syncs, 11 days at the HPA's 15 s.</summary>
    public const int Cap = 1 << 16;

    private readonly int _cap;
    private readonly List<TimelineRow> _rows = [];
    // Rows still to come into the row being built, once merging has begun.
    private int _perRow = 1, _inLast;

    public BoundedTimeline(int cap = Cap) => _cap = cap;

    public IReadOnlyList<TimelineRow> Rows => _rows;

    /// <summary>Syncs each kept row covers (1 until the cap is first reached).</summary>
    public int SyncsPerRow => _perRow;

    public void Add(TimelineRow row)
    {
        if (_inLast > 0 && _inLast < _perRow)
        {
            _rows[^1] = Merge(_rows[^1], _inLast, row, 1);
            _inLast++;
            return;
        }
        if (_rows.Count == _cap)
        {
            for (var i = 0; i < _cap / 2; i++) _rows[i] = Merge(_rows[2 * i], _perRow, _rows[2 * i + 1], _perRow);
            _rows.RemoveRange(_cap / 2, _cap - _cap / 2);
            _perRow *= 2;
        }
        _rows.Add(row);
        _inLast = 1;
    }

    // earlier covers n syncs, later m.
    private static TimelineRow Merge(TimelineRow earlier, int n, TimelineRow later, int m)
    {
        double Mean(double a, double b) => (a * n + b * m) / (n + m);
        static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
        var completed = earlier.Completed + later.Completed;
        double? ttftMean = completed == 0 ? null
            : ((earlier.TtftMean ?? 0) * earlier.Completed + (later.TtftMean ?? 0) * later.Completed) / completed;
        return later with
        {
            ArrivalsPerSecond = Mean(earlier.ArrivalsPerSecond, later.ArrivalsPerSecond),
            DemandTokensPerSecond = Mean(earlier.DemandTokensPerSecond, later.DemandTokensPerSecond),
            PromptTokensPerSecond = Mean(earlier.PromptTokensPerSecond, later.PromptTokensPerSecond),
            Ready = Math.Max(earlier.Ready, later.Ready),
            Pending = Math.Max(earlier.Pending, later.Pending),
            Terminating = Math.Max(earlier.Terminating, later.Terminating),
            Queue = Math.Max(earlier.Queue, later.Queue),
            Running = Math.Max(earlier.Running, later.Running),
            GpuDuty = Max(earlier.GpuDuty, later.GpuDuty),
            KvCache = Max(earlier.KvCache, later.KvCache),
            Completed = completed,
            Dropped = earlier.Dropped + later.Dropped,
            SloMissed = earlier.SloMissed + later.SloMissed,
            TtftMean = ttftMean,
            TtftMax = Max(earlier.TtftMax, later.TtftMax),
        };
    }
}
