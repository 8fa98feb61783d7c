namespace Headroom.Forecast.Live;

public sealed partial class LiveForecaster
{
    /// <summary>
    /// The closed steps of the history, oldest first, with the start of the first (NaN for a gap): what
    /// <see cref="Backfill"/> takes back. The fitted model is not part of it; a refit rebuilds it from the history.
    /// </summary>
    public (DateTimeOffset FirstStep, double[] Values) ExportHistory()
    {
        lock (_gate)
        {
            var values = _history.ToArray();
            var first = _history.EndTime - _options.Step * values.Length;
            return (first, values);
        }
    }
}
