using System.Diagnostics;
using System.Globalization;
using Headroom.Adapter.Demo;
using Headroom.Adapter.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Headroom.Bench.Http;

/// <summary>
/// CPU time that the adapter's own request pipeline (middleware, routing, auth, endpoint, JSON) spends per request,
/// without sockets and TLS: requests are built in memory and handed to the running demo adapter's request delegate,
/// one at a time, with the demo client certificate on a connection that stays the same (as keep-alive does).
/// wrk measures the whole server; this isolates the part Headroom's code decides, on a machine too busy for wrk to
/// resolve a few microseconds. Baseline in the same run: /healthz, which skips auth and JSON.
/// Usage: request-cpu [requests per round].
/// </summary>
public static class RequestCpu
{
    private const int Rounds = 7;

    private static readonly (string Name, string Path, string Query)[] Targets =
    [
        ("baseline: /healthz", "/healthz", ""),
        ("external metric, one workload", "/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_token_throughput", "?labelSelector=workload%3Dchat"),
        ("custom v1beta2, pods by selector", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth", "?labelSelector=app%3Dchat"),
    ];

    public static async Task RunAsync(string[] args)
    {
        var perRound = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var directory = Directory.CreateTempSubdirectory("headroom-request-cpu-").FullName;
        var options = new AdapterOptions
        {
            Demo = true,
            SecurePort = 0,
            MetricsPort = 0,
            GrpcPort = 0,
            BindAddress = System.Net.IPAddress.Loopback,
            DemoKubeconfig = Path.Combine(directory, "demo.kubeconfig"),
        };
        var credentials = DemoCredentials.Create();
        using var loggers = LoggerFactory.Create(_ => { });
        await using var adapter = await RunningAdapter.StartAsync(options, HostPlans.Demo(options, credentials, loggers),
            logging: l => l.SetMinimumLevel(LogLevel.Warning));
        var pipeline = ((IApplicationBuilder)adapter.App).Build();
        var tls = new TlsConnectionFeature { ClientCertificate = credentials.Client };

        async Task<int> Send((string Name, string Path, string Query) target)
        {
            var context = new DefaultHttpContext { RequestServices = adapter.App.Services };
            context.Features.Set<ITlsConnectionFeature>(tls);
            context.Request.Scheme = "https";
            context.Request.Method = "GET";
            context.Request.Path = target.Path;
            context.Request.QueryString = new QueryString(target.Query);
            await pipeline(context);
            return context.Response.StatusCode;
        }

        // The demo publishes its first snapshot within a cycle; until then metrics answer 503.
        var deadline = Stopwatch.StartNew();
        while (await Send(Targets[1]) != 200)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new InvalidOperationException("the demo served no value within 30 s");
            await Task.Delay(200);
        }
        foreach (var target in Targets)
        {
            var status = await Send(target);
            if (status != 200) throw new InvalidOperationException($"{target.Name} answered {status}");
        }
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(5))
            foreach (var target in Targets) await Send(target);

        var rounds = Targets.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < Rounds; r++)
            for (var t = 0; t < Targets.Length; t++)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < perRound; i++) await Send(Targets[t]);
                rounds[t].Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / perRound);
            }
        Console.WriteLine($"{Rounds} alternating rounds of {perRound} requests per target, after 5 s of warm-up; processors: {Environment.ProcessorCount}");
        Console.WriteLine("| target | CPU µs/request, median round | min–max round |");
        Console.WriteLine("|---|---:|---:|");
        for (var t = 0; t < Targets.Length; t++)
        {
            var sorted = rounds[t].Order().ToArray();
            Console.WriteLine($"| {Targets[t].Name} | {sorted[Rounds / 2]:F1} | {sorted[0]:F1}–{sorted[^1]:F1} |");
        }
        Directory.Delete(directory, recursive: true);
    }
}
