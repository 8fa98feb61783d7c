using BenchmarkDotNet.Running;

namespace Headroom.Bench;

// Not a top-level program: the Adapter, referenced here, already owns the global Program type.
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
