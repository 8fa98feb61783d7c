using System.Diagnostics;
using System.Globalization;

namespace Headroom.Bench.Pipeline;

/// <summary>
/// Measures the process CPU time (every thread, the GC's included) that one pipeline cycle costs, next to the
/// parser-alone baseline, on the same setup as <see cref="PipelineCycleBenchmarks"/>. CPU time rather than wall time,
/// because the cycle runs on several threads and the machine is shared: wall time would say more about the
/// neighbours than about the cycle.
/// </summary>
public static class CycleCpu
{
    /// <summary>Runs <c>cycle-cpu [cycles]</c> for 200 and 2,000 pods and prints a Markdown table.</summary>
    public static void Run(string[] args)
    {
        var cycles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
        Console.WriteLine($"{cycles} operations each, after 5 s of warm-up; processors: {Environment.ProcessorCount}");
        Console.WriteLine("| pods | operation | CPU ms/op | wall ms/op | allocated MB/op | gen0/gen1/gen2 per op |");
        Console.WriteLine("|---:|---|---:|---:|---:|---|");
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
                Measure(pods, "parser alone (baseline)", cycles, () => bench.ParseOnly());
                Measure(pods, "full cycle", cycles, () => bench.Cycle());
            }
            finally
            {
                bench.Cleanup();
            }
        }
    }

    private static void Measure(int pods, string name, int count, Action operation)
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
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds / count;
        var mb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6 / count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {pods:N0} | {name} | {cpuMs:F1} | {wall.Elapsed.TotalMilliseconds / count:F1} | {mb:F2} | " +
            $"{(GC.CollectionCount(0) - gen0) / (double)count:F2}/{(GC.CollectionCount(1) - gen1) / (double)count:F2}/{(GC.CollectionCount(2) - gen2) / (double)count:F2} |"));
    }
}
