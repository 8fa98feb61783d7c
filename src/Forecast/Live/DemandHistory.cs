namespace Headroom.Forecast.Live;

/// <summary>
/// A series kept at a fixed step for the most recent <c>capacity</c> steps. Samples within a step are
/// averaged; the step closes when a sample of a later step arrives. Steps with no sample are missing (NaN),
/// never zero: a gap is not demand. Steps are aligned to the Unix epoch, so live samples and a range
/// query with the same step land in the same buckets.
/// </summary>
public sealed class DemandHistory
{
    private readonly long _stepTicks;
    private readonly double[] _ring;
    private int _head;
    private long _current = long.MinValue;
    private double _sum;
    private int _samples;

    /// <summary>Creates an empty history.</summary>
    public DemandHistory(TimeSpan step, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Step = step;
        _stepTicks = step.Ticks;
        _ring = new double[capacity];
    }

    /// <summary>The step.</summary>
    public TimeSpan Step { get; }

    /// <summary>Closed steps kept.</summary>
    public int Count { get; private set; }

    /// <summary>Index (steps since the epoch) one past the last closed step; meaningless while <see cref="Count"/> is 0.</summary>
    public long End { get; private set; }

    /// <summary>Closed steps with a value.</summary>
    public int Observed { get; private set; }

    /// <summary>When the last closed step ended.</summary>
    public DateTimeOffset EndTime => new(End * _stepTicks, TimeSpan.Zero);

    /// <summary>The step index that <paramref name="at"/> falls in.</summary>
    public long IndexOf(DateTimeOffset at) => at.UtcTicks / _stepTicks;

    /// <summary>Adds a sample; a sample older than the step being filled is ignored, as are negative or non-finite values.</summary>
    public void Add(DateTimeOffset at, double value)
    {
        if (!double.IsFinite(value) || value < 0) return;
        var index = IndexOf(at);
        if (_current == long.MinValue)
        {
            // The first live sample after a backfill: steps between the stored history and it are gaps.
            if (Count > 0 && index < End) return;
            if (Count > 0) for (var i = Math.Max(End, index - _ring.Length); i < index; i++) Append(i, double.NaN);
            _current = index;
        }
        else if (index < _current) return;
        else if (index > _current)
        {
            Append(_current, _sum / _samples);
            // Skipped steps are gaps; more than the capacity of them leaves nothing but gaps.
            for (var i = Math.Max(_current + 1, index - _ring.Length); i < index; i++) Append(i, double.NaN);
            _current = index;
            _sum = 0;
            _samples = 0;
        }
        _sum += value;
        _samples++;
    }

    /// <summary>
    /// Fills steps before the live ones from stored history (a warm start). Each point is a step's start and its
    /// value; a step already known keeps its value, and nothing at or after the step being filled live is taken.
    /// </summary>
    public void Backfill(IEnumerable<(DateTimeOffset StepStart, double Value)> points)
    {
        var loaded = new SortedDictionary<long, double>();
        var limit = _current == long.MinValue ? long.MaxValue : _current;
        foreach (var (at, value) in points)
        {
            var index = IndexOf(at);
            if (index < limit && double.IsFinite(value) && value >= 0) loaded[index] = value;
        }
        if (loaded.Count == 0) return;
        var end = Math.Max(Count == 0 ? long.MinValue : End, loaded.Keys.Last() + 1);
        var start = Math.Max(end - _ring.Length, Math.Min(loaded.Keys.First(), Count == 0 ? long.MaxValue : End - Count));
        var merged = new double[end - start];
        for (var i = 0; i < merged.Length; i++)
        {
            var index = start + i;
            var known = Count > 0 && index >= End - Count && index < End ? _ring[Slot(index - (End - Count))] : double.NaN;
            merged[i] = !double.IsNaN(known) ? known : loaded.GetValueOrDefault(index, double.NaN);
        }
        Count = 0;
        Observed = 0;
        _head = 0;
        for (var i = 0; i < merged.Length; i++) Append(start + i, merged[i]);
        // Steps between the loaded history and the live step have no sample: gaps.
        if (_current != long.MinValue)
            for (var i = End; i < _current; i++) Append(i, double.NaN);
    }

    /// <summary>The closed steps, oldest first.</summary>
    public double[] ToArray() => Tail(End - Count);

    /// <summary>The closed steps from index <paramref name="from"/> on (clamped to what is kept), oldest first.</summary>
    public double[] Tail(long from)
    {
        var first = Math.Max(from, End - Count);
        if (Count == 0 || first >= End) return [];
        var result = new double[End - first];
        var offset = first - (End - Count);
        for (var i = 0; i < result.Length; i++) result[i] = _ring[Slot(offset + i)];
        return result;
    }

    private int Slot(long position) => (int)((_head + position) % _ring.Length);

    private void Append(long index, double value)
    {
        if (Count == _ring.Length)
        {
            if (!double.IsNaN(_ring[_head])) Observed--;
            _ring[_head] = value;
            _head = (_head + 1) % _ring.Length;
        }
        else
        {
            _ring[Slot(Count)] = value;
            Count++;
        }
        if (!double.IsNaN(value)) Observed++;
        End = index + 1;
    }
}
