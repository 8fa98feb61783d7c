using System.Collections.Concurrent;
using System.Diagnostics;
using Prometheus;

namespace Headroom.Adapter.Observability;

/// <summary>
/// Counts requests and times them by method, status code and route template, under the names prometheus-net's HTTP
/// middleware uses. Written here rather than taken from prometheus-net because that middleware resolves each
/// request's label values and looks up its series anew (three middlewares, a fifth of the request pipeline's CPU in
/// <c>bench request-cpu</c>); at HPA polling rates the series are few, so each is found once and kept.
/// </summary>
public sealed class HttpRequestMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly Gauge _inProgress;
    private readonly ConcurrentDictionary<(Endpoint? Endpoint, string Method, int Code), (Counter.Child Requests, Histogram.Child Duration)> _finished = new();
    private readonly ConcurrentDictionary<(Endpoint? Endpoint, string Method), Gauge.Child> _running = new();

    /// <summary>Registers the metrics in the registry.</summary>
    public HttpRequestMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter("http_requests_received_total",
            "Requests answered, by status code, method and route template.", "code", "method", "endpoint");
        _duration = factory.CreateHistogram("http_request_duration_seconds",
            "Time from the request reaching the pipeline to its answer, by status code, method and route template.",
            new HistogramConfiguration { LabelNames = ["code", "method", "endpoint"], Buckets = Histogram.ExponentialBuckets(0.0001, 4, 10) });
        _inProgress = factory.CreateGauge("http_requests_in_progress",
            "Requests being answered now, by method and route template.", "method", "endpoint");
    }

    /// <summary>Middleware that records the request; it runs after routing, so that the route template is known.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var endpoint = context.GetEndpoint();
        var method = context.Request.Method;
        var running = _running.GetOrAdd((endpoint, method), key => _inProgress.WithLabels(key.Method, Template(key.Endpoint)));
        running.Inc();
        try
        {
            await next(context);
        }
        finally
        {
            running.Dec();
            var (requests, duration) = _finished.GetOrAdd((endpoint, method, context.Response.StatusCode), key =>
            {
                var labels = new[] { key.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), key.Method, Template(key.Endpoint) };
                return (_requests.WithLabels(labels), _duration.WithLabels(labels));
            });
            requests.Inc();
            duration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    // Only methods the server accepts reach here (others are refused earlier), and route templates are fixed, so the series stay few.
    private static string Template(Endpoint? endpoint) => (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "";
}
