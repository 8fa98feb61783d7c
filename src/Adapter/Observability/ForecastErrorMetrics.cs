using Headroom.Signals.Snapshots;
using Prometheus;

namespace Headroom.Adapter.Observability;

/// <summary>
/// How far each workload's demand forecast was from the demand that came: the forecast made one lead time ago for now,
/// minus demand now. The forecast is a high quantile (the configured one), so a small positive error is its design.
/// </summary>
public sealed class ForecastErrorMetrics(MetricFactory factory)
{
    private readonly Gauge _error = factory.CreateGauge("headroom_forecast_error",
        "Forecast generated tokens/s made one lead time ago for now, minus generated tokens/s demanded now; positive is over-forecast.",
        "namespace", "workload");
    // Forecasts waiting for their instant, in the order they fall due; only the cycle thread records.
    private readonly Dictionary<(string Namespace, string Workload), Queue<(DateTimeOffset Due, double Forecast)>> _pending = [];

    /// <summary>Records a workload's latest observation: its forecast joins the queue and any forecast now due is scored.</summary>
    public void Record(WorkloadSignals workload)
    {
        if (workload.Decision is not { } decision || workload.ObservedAt is not { } at) return;
        var key = (workload.Spec.Namespace, workload.Spec.Id);
        if (!_pending.TryGetValue(key, out var pending)) _pending[key] = pending = new();
        (DateTimeOffset Due, double Forecast)? due = null;
        while (pending.TryPeek(out var next) && next.Due <= at) due = pending.Dequeue();
        if (due is { } scored) _error.WithLabels(key.Namespace, key.Id).Set(scored.Forecast - decision.Demand);
        pending.Enqueue((at + TimeSpan.FromSeconds(decision.LeadTimeSeconds), decision.ForecastDemand));
    }
}
