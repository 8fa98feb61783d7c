using System.Globalization;
using BenchmarkDotNet.Attributes;
using Headroom.Sim.Traces;

namespace Headroom.Bench.Sim;

/// <summary>
/// Reads 4,096 Azure-trace rows (<c>timestamp,prompt,output</c>, in time order): by the general rules
/// (<see cref="TraceReader.AzureRow"/>, columns split first, each count read on its own) against the one scan the
/// reader tries first (<see cref="TraceReader.TryPlainAzureRow"/>).
/// </summary>
[MemoryDiagnoser]
public class AzureRowBenchmarks
{
    private string[] _rows = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var at = new DateTime(2023, 11, 16, 18, 15, 46, DateTimeKind.Utc);
        _rows = [.. Enumerable.Range(0, 4096).Select(_ => string.Create(CultureInfo.InvariantCulture,
            $"{(at = at.AddTicks(random.Next(1, 40_000_000))):yyyy-MM-dd HH:mm:ss.fffffff},{random.Next(1, 8_000)},{random.Next(1, 1_500)}"))];
    }

    [Benchmark(Baseline = true)]
    public double GeneralRules()
    {
        var sum = 0.0;
        foreach (var row in _rows) sum += TraceReader.AzureRow(row).ArrivalSeconds;
        return sum;
    }

    [Benchmark]
    public double OneScan()
    {
        var sum = 0.0;
        foreach (var row in _rows) sum += TraceReader.TryPlainAzureRow(row, out var r) ? r.ArrivalSeconds : double.NaN;
        return sum;
    }
}
