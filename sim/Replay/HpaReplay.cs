using Headroom.Sim.Hpa;

namespace Headroom.Sim.Replay;

/// <summary>One sync of a replay.</summary>
/// <param name="TimeSeconds">The sync's time_s.</param>
/// <param name="Proposal">The highest metric proposal, if the metrics were consulted and usable.</param>
/// <param name="Stabilized">The proposal after stabilization.</param>
/// <param name="DesiredReplicas">The replicas the controller set (or left).</param>
/// <param name="Limited">The HPA's ScalingLimited condition after the sync (its reason while True).</param>
public sealed record ReplayRow(double TimeSeconds, int? Proposal, int? Stabilized, int DesiredReplicas, ScalingLimit Limited = ScalingLimit.None);

/// <summary>
/// Replays a metric series through the controller: a sync every sync period from the first time_s, each seeing
/// the latest row at or before it; every pod is ready and the scale follows each decision at once.
/// </summary>
public static class HpaReplay
{
    /// <summary>Runs the replay; every metric of the spec needs a column, named by <see cref="MetricSpec.Key"/>.</summary>
    /// <exception cref="SeriesCsvException">A metric has no column, or a column no metric.</exception>
    public static IReadOnlyList<ReplayRow> Run(HpaSpec spec, MetricSeries series, int initialReplicas, HpaController controller, string seriesName)
    {
        var columns = Bind(spec, series, seriesName);
        var period = controller.Options.SyncPeriod.TotalSeconds;
        var start = series.Rows[0].TimeSeconds;
        var end = series.Rows[^1].TimeSeconds;
        var replicas = initialReplicas;
        var history = HpaHistory.Empty;
        var rows = new List<ReplayRow>();
        var latest = 0;
        for (var k = 0; start + k * period <= end; k++)
        {
            var time = start + k * period;
            while (latest + 1 < series.Rows.Count && series.Rows[latest + 1].TimeSeconds <= time)
            {
                latest++;
            }
            var row = series.Rows[latest];
            var pods = Enumerable.Range(0, replicas).Select(i => new PodState($"pod-{i}")).ToList();
            var samples = spec.Metrics.Select((m, i) => Sample(m, row.Values[columns[i]], pods, time)).ToList();
            var decision = controller.Sync(spec, new HpaSyncInput(TimeSpan.FromSeconds(time), replicas, pods, samples), history);
            rows.Add(new ReplayRow(time, decision.Proposal, decision.Stabilized, decision.DesiredReplicas, decision.Limited));
            replicas = decision.DesiredReplicas;
            history = decision.History;
        }
        return rows;
    }

    // Each metric's column index among the series' metric columns.
    private static int[] Bind(HpaSpec spec, MetricSeries series, string seriesName)
    {
        var keys = spec.Metrics.Select(m => m.Key).ToList();
        var columns = series.Columns.ToList();
        var bound = new int[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            var first = keys.IndexOf(keys[i]);
            if (first < i)
            {
                throw new SeriesCsvException($"spec.metrics[{first}] and spec.metrics[{i}] are both named \"{keys[i]}\", so {seriesName} cannot tell them apart");
            }
            bound[i] = columns.IndexOf(keys[i]);
            if (bound[i] < 0)
            {
                throw new SeriesCsvException($"{seriesName} has no column \"{keys[i]}\" for spec.metrics[{i}] ({spec.Metrics[i].Type}); its header is time_s,{string.Join(',', columns)}");
            }
        }
        var extra = columns.FindIndex(c => !keys.Contains(c));
        if (extra >= 0)
        {
            throw new SeriesCsvException($"{seriesName} line 1, column {extra + 2}: \"{columns[extra]}\" is not a metric of the HPA (its metrics: {string.Join(", ", keys)})");
        }
        return bound;
    }

    // What the metrics API returns for the metric when every pod reports the column's value.
    private static MetricSample Sample(MetricSpec metric, decimal? value, IReadOnlyList<PodState> pods, double time)
    {
        if (value is not { } v)
        {
            return MetricSample.Failed($"no value for {metric.Key} at time_s {MetricSeries.Format(time)}");
        }
        switch (metric.Type)
        {
            case MetricSourceType.Object or MetricSourceType.External:
                return MetricSample.Total(Quantities.Milli(v));
            case MetricSourceType.Resource or MetricSourceType.ContainerResource when metric.Target.AverageValueMilli is null:
                // A utilization in percent: each pod requests one unit and uses that percent of it.
                return MetricSample.PerPod(PerPod(pods, Quantities.Milli(v / 100m)), PerPod(pods, Quantities.Milli(1m)));
            default:
                return MetricSample.PerPod(PerPod(pods, Quantities.Milli(v)));
        }
    }

    private static Dictionary<string, long> PerPod(IReadOnlyList<PodState> pods, long value) => pods.ToDictionary(p => p.Name, _ => value);
}
