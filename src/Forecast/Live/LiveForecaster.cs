using Headroom.Forecast.Backtesting;
using Headroom.Forecast.Models;

namespace Headroom.Forecast.Live;

/// <summary>How a live series is kept and refitted.</summary>
/// <param name="Step">Step of the kept series.</param>
/// <param name="Capacity">Most recent steps kept.</param>
/// <param name="MinObserved">Steps with a value needed before a fit is tried.</param>
/// <param name="Holdout">Most recent steps held out to choose the method and measure its errors.</param>
/// <param name="SeasonPeriod">Season length in steps (0 for none); seasonal methods need two seasons of history.</param>
/// <param name="FitWindow">Most steps that parameters are fitted on; the fitted state is then run through the held-out steps.</param>
public sealed record LiveForecastOptions(TimeSpan Step, int Capacity, int MinObserved, int Holdout, int SeasonPeriod, int FitWindow = int.MaxValue);

/// <summary>A forecast served from a fitted model.</summary>
/// <param name="Value">The quantile forecast asked for, never below zero.</param>
/// <param name="Point">The point forecast.</param>
/// <param name="Model">The method that made it.</param>
/// <param name="Steps">Steps ahead of the end of the history.</param>
public readonly record struct LiveForecast(double Value, double Point, string Model, int Steps);

/// <summary>
/// One series' history and its fitted model, safe to use from two threads: the pipeline observes and
/// forecasts on its cycle; a refit copies the history, fits without holding the lock, and installs the
/// result advanced by the steps that closed meanwhile.
/// </summary>
public sealed partial class LiveForecaster
{
    private readonly Lock _gate = new();
    private readonly LiveForecastOptions _options;
    private readonly DemandHistory _history;
    private DemandModel? _model;
    private long _modelEnd;
    // Kept apart from the model: a model dropped after a long gap still leaves good places to start searching.
    private IReadOnlyDictionary<string, SmoothingParameters>? _warmStarts;

    /// <summary>Creates an empty series.</summary>
    public LiveForecaster(LiveForecastOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinObserved, 1);
        _options = options;
        _history = new DemandHistory(options.Step, options.Capacity);
    }

    /// <summary>Steps with a value kept now.</summary>
    public int Observed
    {
        get { lock (_gate) return _history.Observed; }
    }

    /// <summary>The method serving forecasts, or null before the first successful fit.</summary>
    public string? Model
    {
        get { lock (_gate) return _model?.Name; }
    }

    /// <summary>Adds a live sample; steps that close advance the fitted model.</summary>
    public void Observe(DateTimeOffset at, double value)
    {
        lock (_gate)
        {
            _history.Add(at, value);
            Advance();
        }
    }

    /// <summary>Fills the history before the live steps from stored history (step starts and values).</summary>
    public void Backfill(IEnumerable<(DateTimeOffset StepStart, double Value)> points)
    {
        lock (_gate)
        {
            _history.Backfill(points);
            // The installed model never saw the filled steps; the next refit will.
            _modelEnd = _history.End;
        }
    }

    /// <summary>Chooses and fits a method on the history so far; false when there is too little history or nothing fits.</summary>
    /// <param name="horizon">Steps ahead that the methods are compared at: the lead time in steps.</param>
    public bool Refit(int horizon)
    {
        double[] values;
        long end;
        IReadOnlyDictionary<string, SmoothingParameters>? warmStarts;
        int season;
        lock (_gate)
        {
            if (_history.Observed < _options.MinObserved) return false;
            // A seasonal method fitted on less than a season repeats the value it was fitted on for every slot it has
            // not seen: a frozen forecast, which noise around a level can make look good on the held-out tail. So the
            // steps before the held-out tail must cover a whole season.
            var observed = _history.Observed;
            season = observed - Math.Min(_options.Holdout, observed / 3) >= _options.SeasonPeriod ? _options.SeasonPeriod : 0;
            values = _history.ToArray();
            end = _history.End;
            warmStarts = _warmStarts;
        }
        var steps = Math.Max(1, horizon);
        var model = HoldoutSelector.Select(ModelSelector.Candidates(season, steps), values, steps, _options.Holdout, _options.FitWindow, warmStarts);
        if (model is null) return false;
        lock (_gate)
        {
            // More steps closed during the fit than the history keeps: the fit is of data already forgotten.
            if (_history.End - _history.Count > end) return false;
            foreach (var value in _history.Tail(end)) model.Fit.Append(value);
            _model = model;
            _modelEnd = _history.End;
            _warmStarts = model.Fitted;
        }
        return true;
    }

    /// <summary>The q-quantile forecast for the time <paramref name="lead"/> after <paramref name="now"/>, or null with no usable model.</summary>
    public LiveForecast? Forecast(DateTimeOffset now, TimeSpan lead, double q)
    {
        lock (_gate)
        {
            if (_model is null || _history.Count == 0) return null;
            var steps = Math.Max(1, (int)Math.Ceiling((now + lead - _history.EndTime) / _options.Step));
            var point = _model.Fit.Forecast(steps);
            var value = _model.Quantile(point, q);
            if (!double.IsFinite(point) || !double.IsFinite(value)) return null;
            return new LiveForecast(Math.Max(0, value), point, _model.Name, steps);
        }
    }

    private void Advance()
    {
        if (_model is null || _history.End <= _modelEnd) return;
        // A gap longer than the history leaves the model's state meaningless; it waits for a refit.
        if (_history.End - _history.Count > _modelEnd)
        {
            _model = null;
            return;
        }
        foreach (var value in _history.Tail(_modelEnd)) _model.Fit.Append(value);
        _modelEnd = _history.End;
    }
}
