using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Headroom.Adapter.Tests.Support;

/// <summary>
/// A stand-in metrics endpoint (a vLLM server or a DCGM exporter) on loopback. Its page is rendered at
/// each scrape from a function of the elapsed time, so counters advance at exactly known rates.
/// </summary>
public sealed class FakeExporter : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeExporter(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public string HostPort => $"{Url.Host}:{Url.Port}";

    /// <summary>Starts serving; <paramref name="listen"/> is host:port, any free loopback port by default.</summary>
    public static async Task<FakeExporter> StartAsync(Func<double, string> page, string listen = "127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{listen}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var started = DateTime.UtcNow;
        app.MapGet("/metrics", () => Results.Text(page((DateTime.UtcNow - started).TotalSeconds), "text/plain; version=0.0.4", Encoding.UTF8));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeExporter(app, new Uri(address));
    }

    /// <summary>
    /// A vLLM v1 page: counters at the given rates since start, and fixed gauges. With <paramref name="timestamped"/>,
    /// the counters carry the time they were rendered at, so Prometheus stamps them with it rather than with its
    /// scrape start, and rates read from two samples are exact however late a loaded machine renders the page.
    /// </summary>
    public static Func<double, string> Vllm(double generationPerSecond, double promptPerSecond, double waiting, double running, double kvCache, bool timestamped = false) =>
        seconds => Page(generationPerSecond, promptPerSecond, waiting, running, kvCache, seconds,
            timestamped ? " " + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "");

    private static string Page(double generationPerSecond, double promptPerSecond, double waiting, double running, double kvCache, double seconds, string at) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            # HELP vllm:num_requests_running Number of requests in model execution batches.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{"{"}engine="0",model_name="m"{"}"} {running}
            # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
            # TYPE vllm:num_requests_waiting gauge
            vllm:num_requests_waiting{"{"}engine="0",model_name="m"{"}"} {waiting}
            # TYPE vllm:kv_cache_usage_perc gauge
            vllm:kv_cache_usage_perc{"{"}engine="0",model_name="m"{"}"} {kvCache}
            # TYPE vllm:generation_tokens_total counter
            vllm:generation_tokens_total{"{"}engine="0",model_name="m"{"}"} {generationPerSecond * seconds}{at}
            # TYPE vllm:prompt_tokens_total counter
            vllm:prompt_tokens_total{"{"}engine="0",model_name="m"{"}"} {promptPerSecond * seconds}{at}

            """);

    /// <summary>A DCGM exporter page with one GPU per pod, utilisation in percent.</summary>
    public static Func<double, string> Dcgm(string ns, IReadOnlyDictionary<string, double> utilByPod) =>
        _ => "# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n" + string.Concat(utilByPod.Select((p, i) => string.Create(CultureInfo.InvariantCulture,
            $"DCGM_FI_DEV_GPU_UTIL{{gpu=\"{i}\",UUID=\"GPU-{i}\",Hostname=\"node-a\",namespace=\"{ns}\",pod=\"{p.Key}\",container=\"vllm\"}} {p.Value}\n")));

    /// <summary>
    /// A Gateway API Inference Extension endpoint picker's page: the flow-control queue of each pool, one series per
    /// fairness and priority band, plus a queue of another pool that must not be counted.
    /// </summary>
    public static Func<double, string> Gateway(string pool, IReadOnlyList<double> bandQueues, double otherPoolQueue) =>
        _ => "# HELP inference_extension_flow_control_queue_size Current number of requests in the flow control queue.\n" +
            "# TYPE inference_extension_flow_control_queue_size gauge\n" +
            string.Concat(bandQueues.Select((q, band) => string.Create(CultureInfo.InvariantCulture,
                $"inference_extension_flow_control_queue_size{{fairness_id=\"tenant-{band}\",inference_pool=\"{pool}\",model_name=\"m\",priority=\"{band}\",target_model_name=\"m\"}} {q}\n"))) +
            string.Create(CultureInfo.InvariantCulture,
                $"inference_extension_flow_control_queue_size{{fairness_id=\"tenant-0\",inference_pool=\"other-pool\",model_name=\"m\",priority=\"0\",target_model_name=\"m\"}} {otherPoolQueue}\n");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
