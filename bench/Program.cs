using BenchmarkDotNet.Running;

namespace Headroom.Bench;

/// <summary>Runs the benchmarks named by --filter.</summary>
public static class BenchProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
