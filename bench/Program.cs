using BenchmarkDotNet.Running;
using Headroom.Bench.Forecast;
using Headroom.Bench.Http;
using Headroom.Bench.Pipeline;
using Headroom.Bench.Sim;

namespace Headroom.Bench;

/// <summary>Runs the benchmarks named by --filter, a stand-in (TokenReview, Prometheus) that an HTTP load script needs, the forecast refit cost, the CPU time of a pipeline cycle, the sizing model against the fleet model, or the CPU time of a request in the adapter's own pipeline.</summary>
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
        if (args is ["request-cpu", ..])
        {
            await RequestCpu.RunAsync(args[1..]);
            return;
        }
        if (args is ["sizing-calibration", ..])
        {
            SizingCalibration.Run(args[1..]);
            return;
        }
        if (args is ["cycle-cpu", ..])
        {
            CycleCpu.Run(args[1..]);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
    }
}
