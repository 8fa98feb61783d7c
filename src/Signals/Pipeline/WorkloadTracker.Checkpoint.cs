namespace Headroom.Signals.Pipeline;

internal sealed partial class WorkloadTracker
{
    /// <summary>What this tracker has learned, as of <paramref name="at"/>.</summary>
    public WorkloadCheckpoint Checkpoint(DateTimeOffset at)
    {
        var (prefill, decode) = _capacity.ExportLearned();
        var coldStarts = _coldStart.Export().Select(c => ColdStartEntry.Of(c.Pod, c.Sample)).ToArray();
        var (first, values) = Forecaster.ExportHistory();
        var demand = values.Length == 0
            ? null
            : new DemandSeries(first, _options.Forecast.Step.TotalSeconds, values.Select(v => double.IsNaN(v) ? (float?)null : (float)v).ToArray());
        return new WorkloadCheckpoint(WorkloadCheckpoint.CurrentVersion, Spec.Namespace, Spec.Id, at, prefill, decode, coldStarts, demand,
            _dispatch.ExportLearned());
    }

    /// <summary>Continues from a checkpoint that <see cref="WorkloadCheckpoint.Problems"/> found sound; call before the first observation.</summary>
    public void Restore(WorkloadCheckpoint checkpoint)
    {
        _capacity.RestoreLearned(checkpoint.PrefillTokensPerSecond, checkpoint.DecodeTokensPerSecond);
        _dispatch.RestoreLearned(checkpoint.DispatchLoadFactor);
        _coldStart.Restore(checkpoint.ColdStarts.Select(c => (c.Pod, c.Sample)));
        LeadTime = _coldStart.Quantile + _options.HpaSyncPeriod + _options.Interval;
        // A history kept at another step would land in the wrong buckets; the forecast then starts from live data.
        if (checkpoint.Demand is { } demand && TimeSpan.FromSeconds(demand.StepSeconds) == _options.Forecast.Step)
        {
            var step = _options.Forecast.Step;
            Forecaster.Backfill(demand.Values.Select((v, i) => (demand.FirstStep + step * i, v is { } x ? (double)x : double.NaN)));
        }
    }
}
