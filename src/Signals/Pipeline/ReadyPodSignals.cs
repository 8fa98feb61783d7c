using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Pipeline;

/// <summary>
/// One cycle's ready pods' signals, kept as a row of numbers per pod and made into <see cref="PodSignals"/> when first
/// read: the simulator publishes a snapshot every signal interval and reads pods' values in few of them.
/// </summary>
internal sealed class ReadyPodSignals : IReadOnlyList<PodSignals>
{
    // Each catalog metric's column in a pod's row of own values (those with PodShare.Own, in catalog order), or −1.
    private static readonly int[] Columns = OwnColumns();
    private static readonly int RowLength = Columns.Count(c => c >= 0);
    private readonly PodReading[] _pods;
    private readonly MetricValues _workload;
    // The pods' own values, a row of RowLength per pod; NaN is missing, as in MetricValues.
    private readonly double[] _own;
    private PodSignals[]? _built;

    /// <summary>Signals for <paramref name="pods"/>, all missing until set, each with its share of <paramref name="workload"/>'s values.</summary>
    public ReadyPodSignals(List<PodReading> pods, MetricValues workload)
    {
        _pods = [.. pods];
        _workload = workload;
        _own = new double[pods.Count * RowLength];
        Array.Fill(_own, double.NaN);
    }

    /// <summary>
    /// Sets pod <paramref name="pod"/>'s own value of <paramref name="metric"/>, one a pod has its own of
    /// (<see cref="PodShare.Own"/>); null, NaN and infinities all mean missing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Six a pod every cycle: inlined, and the refusal kept out of line.
    public void Set(int pod, CatalogMetric metric, double? value)
    {
        var column = Columns[(int)metric];
        if (column < 0) NotOwn(metric);
        _own[pod * RowLength + column] = value is { } v && double.IsFinite(v) ? v : double.NaN;
    }

    [DoesNotReturn]
    private static void NotOwn(CatalogMetric metric) =>
        throw new ArgumentException($"{metric} is not a pod's own metric; pods get their share of the workload's value", nameof(metric));

    /// <inheritdoc />
    public int Count => _pods.Length;

    /// <inheritdoc />
    public PodSignals this[int index] => Built[index];

    /// <inheritdoc />
    public IEnumerator<PodSignals> GetEnumerator() => ((IEnumerable<PodSignals>)Built).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Readers racing to build get equal pods, and either array may be kept.
    private PodSignals[] Built
    {
        get
        {
            if (Volatile.Read(ref _built) is { } built) return built;
            var made = Build();
            return Interlocked.CompareExchange(ref _built, made, null) ?? made;
        }
    }

    private PodSignals[] Build()
    {
        var metrics = MetricCatalog.All;
        var built = new PodSignals[_pods.Length];
        for (var i = 0; i < built.Length; i++)
        {
            var values = new MetricValues();
            foreach (var metric in metrics)
            {
                values.Set(metric.Id, metric.PodShare switch
                {
                    PodShare.Own => _own[i * RowLength + Columns[(int)metric.Id]],
                    PodShare.EvenShare => _workload[metric.Id] / built.Length,
                    _ => _workload[metric.Id],
                });
            }
            var pod = _pods[i];
            built[i] = new PodSignals(pod.Name, pod.Labels, pod.Node, values);
        }
        return built;
    }

    private static int[] OwnColumns()
    {
        var columns = new int[MetricCatalog.Count];
        var next = 0;
        foreach (var metric in MetricCatalog.All) columns[(int)metric.Id] = metric.PodShare == PodShare.Own ? next++ : -1;
        return columns;
    }
}
