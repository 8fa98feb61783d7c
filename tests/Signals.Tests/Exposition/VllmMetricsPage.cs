using System.Globalization;
using System.Text;
using Headroom.Signals.Exposition;

namespace Headroom.Signals.Tests.Exposition;

/// <summary>
/// Writes a /metrics page the way a vLLM 0.8+ (V1 engine) server does through the Python prometheus_client: the
/// client's process and GC series, vLLM's per-engine gauges, counters and histograms with the buckets of
/// vllm/v1/metrics/loggers.py, and the HTTP series of the FastAPI instrumentator. Labels are sorted and numbers are
/// spelled as the Python client spells them, so the bytes look like a real scrape.
/// </summary>
public static class VllmMetricsPage
{
    private static readonly double[] LatencyBuckets = [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];
    private static readonly double[] FirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];
    private static readonly double[] OutputTokenBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];
    private static readonly double[] PrefillTokenBuckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];
    private static readonly double[] IterationTokenBuckets = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
    private static readonly double[] ParamsNBuckets = [1, 2, 5, 10, 20];
    private static readonly double[] HighResolutionBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 7.5, 10, 30, 60];
    private static readonly double[] HandlerBuckets = [0.1, 0.5, 1];
    private static readonly string[] Handlers = ["/v1/chat/completions", "/v1/completions", "/health", "/metrics", "/v1/models"];

    /// <summary>The families a Headroom pipeline reads from a vLLM page.</summary>
    public static readonly string[] WantedFamilies =
    [
        "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc",
        "vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:request_success_total",
        "vllm:num_preemptions_total", "vllm:time_to_first_token_seconds", "vllm:time_per_output_token_seconds",
        "vllm:e2e_request_latency_seconds",
    ];

    /// <summary>A page for a server with that many engines (data-parallel ranks), all serving one model.</summary>
    public static string Generate(ExpositionFormat format, int engines = 2, int seed = 7, string model = "meta-llama/Llama-3.1-8B-Instruct")
    {
        var page = new Writer(format, new Random(seed));
        WriteProcess(page);
        WriteVllm(page, engines, model);
        WriteHttp(page);
        return page.Finish();
    }

    private static void WriteProcess(Writer page)
    {
        var generations = new[] { "0", "1", "2" }.Select(g => new[] { ("generation", g) }).ToArray();
        page.Counter("python_gc_objects_collected", "Objects collected during gc", generations, 12_000, created: false);
        page.Counter("python_gc_objects_uncollectable", "Uncollectable objects found during GC", generations, 0, created: false);
        page.Counter("python_gc_collections", "Number of times this generation was collected", generations, 900, created: false);
        page.Gauge("python_info", "Python platform information", [[("implementation", "CPython"), ("major", "3"), ("minor", "12"), ("patchlevel", "9"), ("version", "3.12.9")]], 1);
        page.Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", [[]], 7.4e10);
        page.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.", [[]], 3.1e9);
        page.Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", [[]], 1.75e9);
        page.Counter("process_cpu_seconds", "Total user and system CPU time spent in seconds.", [[]], 86_000, created: false);
        page.Gauge("process_open_fds", "Number of open file descriptors.", [[]], 180);
        page.Gauge("process_max_fds", "Maximum number of open file descriptors.", [[]], 1_048_576);
    }

    private static void WriteVllm(Writer page, int engines, string model)
    {
        var perEngine = Enumerable.Range(0, engines).Select(e => new[] { ("engine", e.ToString(CultureInfo.InvariantCulture)), ("model_name", model) }).ToArray();
        var tokenBuckets = OneTwoFive(131_072);
        page.Gauge("vllm:num_requests_running", "Number of requests in model execution batches.", perEngine, 24);
        page.Gauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.", perEngine, 6);
        // KV-cache use is a ratio: 0.6 varied by up to half either way stays within 0.3..0.9, as a real engine's does.
        page.Gauge("vllm:gpu_cache_usage_perc", "GPU KV-cache usage. 1 means 100 percent usage.DEPRECATED: Use vllm:kv_cache_usage_perc instead.", perEngine, 0.6);
        // Hits vary within 1e7..3e7 and queries within 4.5e7..1.35e8, so no engine reports more hits than queries, which
        // the pipeline refuses as impossible.
        page.Counter("vllm:gpu_prefix_cache_queries", "GPU prefix cache queries, in terms of number of queried tokens. DEPRECATED: Use vllm:prefix_cache_queries instead.", perEngine, 9e7);
        page.Counter("vllm:gpu_prefix_cache_hits", "GPU prefix cache hits, in terms of number of cached tokens. DEPRECATED: Use vllm:prefix_cache_hits instead.", perEngine, 2e7);
        page.Gauge("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", perEngine, 0.6);
        page.Counter("vllm:prefix_cache_queries", "Prefix cache queries, in terms of number of queried tokens.", perEngine, 9e7);
        page.Counter("vllm:prefix_cache_hits", "Prefix cache hits, in terms of number of cached tokens.", perEngine, 2e7);
        page.Counter("vllm:num_preemptions", "Cumulative number of preemption from the engine.", perEngine, 40);
        page.Counter("vllm:prompt_tokens", "Number of prefill tokens processed.", perEngine, 8e7);
        page.Counter("vllm:generation_tokens", "Number of generation tokens processed.", perEngine, 3e7);
        var reasons = perEngine.SelectMany(labels => new[] { "stop", "length", "abort" }.Select(r => labels.Append(("finished_reason", r)).ToArray())).ToArray();
        page.Counter("vllm:request_success", "Count of successfully processed requests.", reasons, 60_000);
        page.Histogram("vllm:request_prompt_tokens", "Number of prefill tokens processed.", perEngine, tokenBuckets, 900);
        page.Histogram("vllm:request_generation_tokens", "Number of generation tokens processed.", perEngine, tokenBuckets, 350);
        page.Histogram("vllm:iteration_tokens_total", "Histogram of number of tokens per engine_step.", perEngine, IterationTokenBuckets, 200);
        page.Histogram("vllm:request_max_num_generation_tokens", "Histogram of maximum number of requested generation tokens.", perEngine, tokenBuckets, 1024);
        page.Histogram("vllm:request_params_n", "Histogram of the n request parameter.", perEngine, ParamsNBuckets, 1);
        page.Histogram("vllm:request_params_max_tokens", "Histogram of the max_tokens request parameter.", perEngine, tokenBuckets, 1024);
        page.Histogram("vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", perEngine, FirstTokenBuckets, 0.4);
        page.Histogram("vllm:time_per_output_token_seconds", "Histogram of time per output token in seconds.", perEngine, OutputTokenBuckets, 0.03);
        page.Histogram("vllm:time_per_prefill_token_request_seconds", "Time spent per token during prefill  phase in seconds", perEngine, PrefillTokenBuckets, 0.004);
        page.Histogram("vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", perEngine, LatencyBuckets, 9);
        page.Histogram("vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.", perEngine, LatencyBuckets, 0.6);
        page.Histogram("vllm:request_inference_time_seconds", "Histogram of time spent in RUNNING phase for request.", perEngine, LatencyBuckets, 8);
        page.Histogram("vllm:request_prefill_time_seconds", "Histogram of time spent in PREFILL phase for request.", perEngine, LatencyBuckets, 0.3);
        page.Histogram("vllm:request_decode_time_seconds", "Histogram of time spent in DECODE phase for request.", perEngine, LatencyBuckets, 7.7);
        var cacheConfig = Enumerable.Range(0, engines).Select(e => new[]
        {
            ("block_size", "16"), ("cache_dtype", "auto"), ("calculate_kv_scales", "False"), ("cpu_offload_gb", "0"),
            ("enable_prefix_caching", "True"), ("engine", e.ToString(CultureInfo.InvariantCulture)), ("gpu_memory_utilization", "0.9"),
            ("is_attention_free", "False"), ("num_cpu_blocks", "None"), ("num_gpu_blocks", "27403"), ("prefix_caching_hash_algo", "builtin"),
            ("sliding_window", "None"), ("swap_space", "4"), ("swap_space_bytes", "4294967296"),
        }).ToArray();
        page.Gauge("vllm:cache_config_info", "Information of the LLMEngine CacheConfig", cacheConfig, 1);
    }

    private static void WriteHttp(Writer page)
    {
        var statuses = Handlers.Select(h => new[] { ("handler", h), ("method", h == "/health" || h == "/metrics" || h == "/v1/models" ? "GET" : "POST"), ("status", "2xx") }).ToArray();
        page.Counter("http_requests", "Total number of requests by method, status and handler.", statuses, 30_000);
        var handlers = Handlers.Select(h => new[] { ("handler", h) }).ToArray();
        page.Summary("http_request_size_bytes", "Content length of incoming requests by handler. Only value of header is respected. Otherwise ignored. No percentile calculated. ", handlers, 2_000);
        page.Summary("http_response_size_bytes", "Content length of outgoing responses by handler. Only value of header is respected. Otherwise ignored. No percentile calculated. ", handlers, 4_000);
        page.Histogram("http_request_duration_highr_seconds", "Latency with many buckets but no API specific labels. Made for more accurate percentile calculations. ", [[]], HighResolutionBuckets, 5);
        var routes = statuses.Select(labels => labels[..2]).ToArray();
        page.Histogram("http_request_duration_seconds", "Latency with only few buckets by handler. Made to be only used if aggregation by handler is important. ", routes, HandlerBuckets, 5);
    }

    private static double[] OneTwoFive(int max)
    {
        var buckets = new List<double>();
        for (var power = 1; ; power *= 10)
        {
            foreach (var mantissa in new[] { 1, 2, 5 })
            {
                if (mantissa * power > max)
                {
                    return [.. buckets];
                }

                buckets.Add(mantissa * power);
            }
        }
    }

    private sealed class Writer(ExpositionFormat format, Random random)
    {
        private const double StartTime = 1_750_000_000.0;
        private readonly StringBuilder text = new();
        private readonly bool openMetrics = format == ExpositionFormat.OpenMetrics;

        public void Gauge(string name, string help, (string, string)[][] series, double scale)
        {
            Header(name, help, "gauge");
            foreach (var labels in series)
            {
                Line(name, labels, Vary(scale));
            }
        }

        /// <summary>The Python client names a counter without <c>_total</c>; 0.0.4 pages add it to the family and split <c>_created</c> into a gauge.</summary>
        public void Counter(string name, string help, (string, string)[][] series, double scale, bool created = true)
        {
            Header(openMetrics ? name : name + "_total", help, "counter");
            foreach (var labels in series)
            {
                Line(name + "_total", labels, Math.Round(Vary(scale)));
                if (created && openMetrics)
                {
                    Line(name + "_created", labels, Created());
                }
            }

            if (created && !openMetrics)
            {
                CreatedFamily(name, help, series);
            }
        }

        public void Histogram(string name, string help, (string, string)[][] series, double[] buckets, double typical)
        {
            Header(name, help, "histogram");
            foreach (var labels in series)
            {
                var count = Math.Round(Vary(50_000));
                var cumulative = 0.0;
                foreach (var bound in buckets)
                {
                    cumulative += Math.Round((count - cumulative) * Share(bound, typical));
                    Line(name + "_bucket", WithLe(labels, Go(bound)), cumulative);
                }

                Line(name + "_bucket", WithLe(labels, "+Inf"), count);
                Line(name + "_count", labels, count);
                Line(name + "_sum", labels, count * typical * (0.8 + (0.4 * random.NextDouble())));
                if (openMetrics)
                {
                    Line(name + "_created", labels, Created());
                }
            }

            if (!openMetrics)
            {
                CreatedFamily(name, help, series);
            }
        }

        public void Summary(string name, string help, (string, string)[][] series, double typical)
        {
            Header(name, help, "summary");
            foreach (var labels in series)
            {
                var count = Math.Round(Vary(6_000));
                Line(name + "_count", labels, count);
                Line(name + "_sum", labels, Math.Round(count * typical));
                if (openMetrics)
                {
                    Line(name + "_created", labels, Created());
                }
            }

            if (!openMetrics)
            {
                CreatedFamily(name, help, series);
            }
        }

        public string Finish() => openMetrics ? text.Append("# EOF\n").ToString() : text.ToString();

        private void CreatedFamily(string name, string help, (string, string)[][] series)
        {
            Header(name + "_created", help, "gauge");
            foreach (var labels in series)
            {
                Line(name + "_created", labels, Created());
            }
        }

        private void Header(string name, string help, string type)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        }

        private void Line(string name, IEnumerable<(string Name, string Value)> labels, double value)
        {
            text.Append(name);
            var sorted = labels.OrderBy(label => label.Name, StringComparer.Ordinal).ToArray();
            if (sorted.Length > 0)
            {
                text.Append('{').AppendJoin(',', sorted.Select(label => $"{label.Name}=\"{label.Value}\"")).Append('}');
            }

            text.Append(' ').Append(Go(value)).Append('\n');
        }

        private double Vary(double scale) => scale * (0.5 + random.NextDouble());

        private double Created() => StartTime + Math.Round(random.NextDouble() * 1e6) / 1e3;

        /// <summary>A share of the remaining requests falling under the bound, growing as the bound passes the typical value.</summary>
        private double Share(double bound, double typical) => Math.Clamp(bound / (bound + (typical * 3)) * (0.5 + random.NextDouble()), 0, 1);

        private static (string, string)[] WithLe((string, string)[] labels, string le) => [.. labels, ("le", le)];

        /// <summary>prometheus_client's floatToGoString: Python's repr, switched to an exponent past a million as Go does.</summary>
        private static string Go(double value)
        {
            if (double.IsPositiveInfinity(value))
            {
                return "+Inf";
            }

            var repr = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
            repr = repr.Contains('.') || repr.Contains('e') ? repr : repr + ".0";
            var dot = repr.IndexOf('.');
            if (value > 0 && dot > 6 && !repr.Contains('e'))
            {
                var mantissa = $"{repr[0]}.{repr[1..dot]}{repr[(dot + 1)..]}".TrimEnd('0').TrimEnd('.');
                return $"{mantissa}e+0{dot - 1}";
            }

            return repr;
        }
    }
}
