using System.Diagnostics;
using System.Globalization;

namespace Headroom.Bench.Pipeline;

/// <summary>
/// Measures the process CPU time (every thread, the GC's included) that one pipeline cycle costs, next to the
/// parser-alone baseline, on the same setup as <see cref="PipelineCycleBenchmarks"/>. CPU time rather than wall time,
/// because the cycle runs on several threads and the machine is shared: wall time would say more about the
/// neighbours than about the cycle. The two are measured in alternating rounds and the median round is reported,
/// so that a burst of load on the machine hits both alike.
/// </summary>
public static class CycleCpu
{
    private const int Rounds = 7;

    /// <summary>Runs <c>cycle-cpu [operations per round]</c> for 200 and 2,000 pods and prints a Markdown table.</summary>
    public static void Run(string[] args)
    {
        var perRound = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        Console.WriteLine($"{Rounds} alternating rounds of {perRound} operations each, after 5 s of warm-up; processors: {Environment.ProcessorCount}");
        Console.WriteLine("| pods | operation | CPU ms/op, median round | CPU ms/op, min–max round | wall ms/op, median | allocated MB/op | gen0/gen1/gen2 per op |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---|");
        foreach (var pods in new[] { 200, 2000 })
        {
            var bench = new PipelineCycleBenchmarks { Pods = pods };
            bench.Setup();
            try
            {
                // Tiered JIT recompiles hot methods in the background for a while, and that CPU is the process's too.
                var warm = Stopwatch.StartNew();
                while (warm.Elapsed < TimeSpan.FromSeconds(5))
                {
                    bench.ParseOnly();
                    bench.Cycle();
                }
                var parse = new List<Round>();
                var cycle = new List<Round>();
                for (var r = 0; r < Rounds; r++)
                {
                    parse.Add(Measure(perRound, () => bench.ParseOnly()));
                    cycle.Add(Measure(perRound, () => bench.Cycle()));
                }
                Print(pods, "parser alone (baseline)", parse);
                Print(pods, "full cycle", cycle);
            }
            finally
            {
                bench.Cleanup();
            }
        }
    }

    private sealed record Round(double CpuMs, double WallMs, double AllocatedMb, double Gen0, double Gen1, double Gen2);

    private static Round Measure(int count, Action operation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) operation();
        wall.Stop();
        process.Refresh();
        return new Round(
            (process.TotalProcessorTime - cpu).TotalMilliseconds / count,
            wall.Elapsed.TotalMilliseconds / count,
            (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6 / count,
            (GC.CollectionCount(0) - gen0) / (double)count,
            (GC.CollectionCount(1) - gen1) / (double)count,
            (GC.CollectionCount(2) - gen2) / (double)count);
    }

    private static void Print(int pods, string name, List<Round> rounds)
    {
        static double Median(IEnumerable<double> values) => values.Order().ElementAt(Rounds / 2);
        var cpu = rounds.Select(r => r.CpuMs).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {pods:N0} | {name} | {Median(cpu):F1} | {cpu.Min():F1}–{cpu.Max():F1} | {Median(rounds.Select(r => r.WallMs)):F1} | " +
            $"{Median(rounds.Select(r => r.AllocatedMb)):F2} | {rounds.Average(r => r.Gen0):F2}/{rounds.Average(r => r.Gen1):F2}/{rounds.Average(r => r.Gen2):F2} |"));
    }
}
