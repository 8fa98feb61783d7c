using System.Globalization;
using BenchmarkDotNet.Attributes;
using Headroom.Sim.Traces;

namespace Headroom.Bench.Sim;

/// <summary>
/// Reads 4,096 Azure-trace timestamps in time order (a few seconds apart, seven fraction digits, one day boundary):
/// <see cref="DateTime.ParseExact(string, string[], IFormatProvider, DateTimeStyles)"/> as the reader's fallback does,
/// against the hand-written <see cref="AzureTimestamp.TryTicks"/> the replay reads every row with.
/// </summary>
[MemoryDiagnoser]
public class AzureTimestampBenchmarks
{
    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss"];
    private string[] _stamps = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var at = new DateTime(2023, 11, 16, 23, 50, 0, DateTimeKind.Utc);
        _stamps = [.. Enumerable.Range(0, 4096).Select(_ =>
            (at = at.AddTicks(random.Next(1, 40_000_000))).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture))];
    }

    [Benchmark(Baseline = true)]
    public long DateTimeParseExact()
    {
        long sum = 0;
        foreach (var s in _stamps)
            sum += DateTime.ParseExact(s, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks;
        return sum;
    }

    [Benchmark]
    public long TryTicks()
    {
        long sum = 0;
        foreach (var s in _stamps) sum += AzureTimestamp.TryTicks(s) ?? 0;
        return sum;
    }
}
