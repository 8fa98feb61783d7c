namespace Headroom.Forecast.Models;

/// <summary>
/// The current level plus a share of the median change seen over the same stretch of the last few seasons:
/// seasonality used as a shape, not as a copy of a season ago, and trusted only as far as it has paid. The level
/// is the exponential smoothing fitted to the horizon (<see cref="HorizonEwmaForecaster"/>); the share, 0 to 1, is
/// the one with the lowest absolute error over the last three seasons of the history, so with no shape to follow it is 0
/// and the method is the smoothed level. The median over seasons keeps one odd day from steering it.
/// </summary>
public sealed class SeasonalChangeForecaster : IForecaster
{
    // The share is searched in tenths: finer steps only fit the noise of one season's origins.
    private const int Shares = 10;
    private readonly int _period;
    private readonly int _seasons;
    private readonly int _halfWidth;
    private readonly int _horizon;

    /// <summary>Creates the method for one season length.</summary>
    /// <param name="period">Season length in steps.</param>
    /// <param name="seasons">Most past seasons whose change is looked at.</param>
    /// <param name="halfWidth">Steps either side averaged when reading a past season, so one noisy step is not a shape.</param>
    /// <param name="horizon">Steps ahead the level and the share are fitted for.</param>
    /// <param name="name">Report name.</param>
    public SeasonalChangeForecaster(int period, int seasons, int halfWidth, int horizon, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(seasons, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(halfWidth);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _period = period;
        _seasons = seasons;
        _halfWidth = halfWidth;
        _horizon = horizon;
        Name = name;
    }

    /// <summary>Daily and weekly variants for a daily season of <paramref name="day"/> steps.</summary>
    public static IEnumerable<SeasonalChangeForecaster> DailyAndWeekly(int day, int horizon)
    {
        // An hour either side when the day is 24 hours: wide enough to average out a window's noise, narrow
        // enough to keep the morning rise a rise.
        var halfWidth = Math.Max(1, day / 48);
        yield return new SeasonalChangeForecaster(day, 7, halfWidth, horizon, "seasonal-change-day");
        yield return new SeasonalChangeForecaster(7 * day, 3, halfWidth, horizon, "seasonal-change-week");
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IFittedForecast Fit(ReadOnlySpan<double> history)
    {
        // The share is fitted on the origins of the last three seasons (one season's share swings with its noise),
        // each of which needs a season and a window before it.
        var first = Math.Max(_period + _halfWidth + 1, history.Length - 3 * _period - _horizon + 1);
        if (first + _horizon > history.Length)
            throw new NotSupportedException($"{Name} needs a season and a little more of history");
        var (alpha, level) = HorizonEwmaForecaster.FitWeight(history, _horizon);
        var levels = HorizonEwmaForecaster.Levels(history, alpha);
        var fitted = new Fitted(this, alpha, level, history);
        // The share is fitted on the steps the forecasts will read: the kept ones, `offset` steps into the history.
        var offset = history.Length - fitted.Kept;
        var changes = new double[_seasons];
        var errors = new double[Shares + 1];
        // Neighbouring origins share nearly all of their windows: one number is fitted as well on about 300 origins
        // spread over those seasons as on all of them, at a tenth of the cost at 1-minute steps.
        var stride = Math.Max(1, (history.Length - _horizon - first) / 300);
        for (var end = history.Length - _horizon; end >= Math.Max(first, offset + 1); end -= stride)
        {
            var actual = history[end + _horizon - 1];
            var change = Change(fitted.Series, end - offset, _horizon, changes);
            if (double.IsNaN(actual) || double.IsNaN(levels[end - 1]) || double.IsNaN(change)) continue;
            for (var s = 0; s <= Shares; s++) errors[s] += Math.Abs(actual - levels[end - 1] - s * change / Shares);
        }
        fitted.Share = Array.IndexOf(errors, errors.Min()) / (double)Shares;
        return fitted;
    }

    // The median over past seasons of the change from the window around the step a season before the last to the
    // window around the step a season before the target; NaN when no season has both. The series is given by its
    // running sums (Prefix), and `end` steps of it are known.
    private double Change(Prefix series, int end, int steps, double[] scratch)
    {
        var found = 0;
        for (var k = 1; k <= _seasons; k++)
        {
            var from = series.Mean(end - k * _period - 1 - _halfWidth, Math.Min(end, end - k * _period + _halfWidth));
            var to = series.Mean(end - k * _period - 1 + steps - _halfWidth, Math.Min(end, end - k * _period + steps + _halfWidth));
            if (double.IsNaN(from) || double.IsNaN(to)) continue;
            scratch[found++] = to - from;
        }
        if (found == 0) return double.NaN;
        var changes = scratch.AsSpan(0, found);
        changes.Sort();
        var mid = found / 2;
        return found % 2 == 1 ? changes[mid] : (changes[mid - 1] + changes[mid]) / 2;
    }

    // Running sums and counts of the observed steps, so that the mean of any stretch costs two subtractions: a fit
    // reads two windows per past season at every origin of a season.
    private sealed class Prefix
    {
        private readonly double[] _sums;
        private readonly int[] _counts;

        public Prefix(ReadOnlySpan<double> values, int capacity)
        {
            _sums = new double[capacity + 1];
            _counts = new int[capacity + 1];
            foreach (var v in values) Add(v);
        }

        public int Length { get; private set; }

        public void Add(double value)
        {
            var observed = !double.IsNaN(value);
            _sums[Length + 1] = _sums[Length] + (observed ? value : 0);
            _counts[Length + 1] = _counts[Length] + (observed ? 1 : 0);
            Length++;
        }

        public bool Full => Length + 1 == _sums.Length;

        // Starts again from the given steps, from zero, so that rounding does not pile up.
        public void Restart(ReadOnlySpan<double> values)
        {
            Length = 0;
            foreach (var v in values) Add(v);
        }

        // Mean of the observed steps with index in [from, to); NaN when none.
        public double Mean(int from, int to)
        {
            from = Math.Max(0, from);
            if (to <= from) return double.NaN;
            var n = _counts[to] - _counts[from];
            return n == 0 ? double.NaN : (_sums[to] - _sums[from]) / n;
        }
    }

    private sealed class Fitted : IFittedForecast
    {
        private readonly SeasonalChangeForecaster _method;
        private readonly double _alpha;
        private readonly double[] _changes;
        // The most recent steps, twice what is looked back over so that keeping them is amortised O(1): when the
        // buffer fills, its newer half moves to the front.
        private readonly double[] _buffer;
        private readonly Prefix _prefix;
        private readonly int _keep;
        private double _level;

        public Fitted(SeasonalChangeForecaster method, double alpha, double level, ReadOnlySpan<double> history)
        {
            _method = method;
            _alpha = alpha;
            _level = level;
            _changes = new double[method._seasons];
            _keep = Math.Min(history.Length, (method._seasons + 1) * method._period + method._halfWidth);
            _buffer = new double[2 * _keep];
            history[^_keep..].CopyTo(_buffer);
            _prefix = new Prefix(history[^_keep..], _buffer.Length);
        }

        // Set once by the fit, before the forecast is handed out.
        public double Share { get; set; }

        public int Kept => _keep;

        public Prefix Series => _prefix;

        public double Forecast(int steps)
        {
            if (Share == 0) return _level;
            var change = _method.Change(_prefix, _prefix.Length, steps, _changes);
            return double.IsNaN(change) ? _level : _level + Share * change;
        }

        public void Append(double value)
        {
            if (!double.IsNaN(value)) _level = double.IsNaN(_level) ? value : _level + _alpha * (value - _level);
            if (_prefix.Full)
            {
                _buffer.AsSpan(_prefix.Length - _keep, _keep).CopyTo(_buffer);
                _prefix.Restart(_buffer.AsSpan(0, _keep));
            }
            _buffer[_prefix.Length] = value;
            _prefix.Add(value);
        }
    }
}
