using BenchmarkDotNet.Running;
using Headroom.Bench.Forecast;
using Headroom.Bench.Http;

namespace Headroom.Bench;

/// <summary>Runs the benchmarks named by --filter, a stand-in (TokenReview, Prometheus) that an HTTP load script needs, or the forecast refit cost.</summary>
public static class BenchProgram
{
    public static async Task Main(string[] args)
    {
        if (args is ["token-review-stand-in", ..])
        {
            await TokenReviewStandIn.RunAsync(args[1..]);
            return;
        }
        if (args is ["forecast-refit", ..])
        {
            RefitCycle.Run(args[1..]);
            return;
        }
        if (args is ["prometheus-stand-in", ..])
        {
            await PrometheusStandIn.RunAsync(args[1..]);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
    }
}
