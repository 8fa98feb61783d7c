using System.Globalization;
using System.Net;
using System.Text.Json;
using Headroom.Signals.Configuration;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Headroom.Signals.Sources.Prometheus;

/// <summary>One series of an instant-query result.</summary>
/// <param name="Labels">The series' labels.</param>
/// <param name="Value">Its value; NaN and infinities are kept as Prometheus sent them.</param>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>One series of a range-query result.</summary>
/// <param name="Labels">The series' labels.</param>
/// <param name="Values">Its values in time order; NaN and infinities are kept as Prometheus sent them.</param>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(DateTimeOffset At, double Value)> Values);

/// <summary>
/// Instant and range queries over the Prometheus HTTP API, behind Polly pipelines: a timeout per attempt,
/// retries with jittered exponential backoff, and a circuit breaker so a dead Prometheus is not hammered.
/// Range queries (history loads) have a pipeline of their own, with the longer history timeout and their own
/// breaker, so that a slow load of days of data neither fails for the live timeout nor stops live queries.
/// </summary>
public sealed class PrometheusClient
{
    private const int MaxResponseBytes = 32 << 20;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _live;
    private readonly ResiliencePipeline _history;

    /// <summary>Creates a client; the HttpClient's base address is ignored in favour of the options' URL.</summary>
    public PrometheusClient(HttpClient http, PrometheusOptions options, TimeProvider time)
    {
        _http = http;
        // Paths are relative, so a URL with a path prefix (a Prometheus behind a proxy at /prometheus) must end
        // in a slash, or the last segment of the prefix would be replaced instead of kept.
        _http.BaseAddress = options.Url.AbsolutePath.EndsWith('/') ? options.Url : new Uri(options.Url.AbsoluteUri + "/");
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.MaxResponseContentBufferSize = MaxResponseBytes;
        _live = Pipeline(options.Timeout, time);
        _history = Pipeline(options.HistoryTimeout, time);
    }

    private static ResiliencePipeline Pipeline(TimeSpan timeout, TimeProvider time)
    {
        var transient = new PredicateBuilder()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .Handle<PrometheusException>();
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(10),
            })
            .AddTimeout(timeout)
            .Build();
    }

    /// <summary>Evaluates an instant query that returns a vector, at <paramref name="at"/> (Prometheus' now when null).</summary>
    /// <exception cref="PrometheusException">Prometheus did not answer usably, even after retries, or the circuit is open.</exception>
    public Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql, DateTimeOffset? at, CancellationToken cancellationToken) =>
        SendAsync(_live, "api/v1/query", at is { } time ? [new("query", promql), new("time", Seconds(time))] : [new("query", promql)], ParseVector, cancellationToken);

    /// <summary>Evaluates a range query, which returns a matrix: every series' values at each step from start to end.</summary>
    /// <exception cref="PrometheusException">Prometheus did not answer usably, even after retries, or the circuit is open.</exception>
    public Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        SendAsync(_history, "api/v1/query_range",
        [
            new("query", promql),
            new("start", Seconds(start)),
            new("end", Seconds(end)),
            new("step", step.TotalSeconds.ToString("R", CultureInfo.InvariantCulture)),
        ], ParseMatrix, cancellationToken);

    private async Task<T> SendAsync<T>(ResiliencePipeline pipeline, string path, KeyValuePair<string, string>[] form, Func<HttpStatusCode, byte[], T> parse, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
                using var response = await _http.SendAsync(request, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                return parse(response.StatusCode, body);
            }, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new PrometheusException($"Prometheus is failing; not queried until the circuit closes ({ex.Message})", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new PrometheusException($"Prometheus did not answer within the query timeout ({(pipeline == _live ? "prometheus.timeout" : "prometheus.historyTimeout")})", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PrometheusException($"Prometheus is unreachable: {ex.Message}", ex);
        }
    }

    /// <summary>Parses a /api/v1/query answer; anything but a success with a vector is an error.</summary>
    public static IReadOnlyList<PrometheusSample> ParseVector(HttpStatusCode status, byte[] body) =>
        ParseResult(status, body, "vector", "an instant vector", result =>
        {
            var samples = new List<PrometheusSample>(result.GetArrayLength());
            foreach (var series in result.EnumerateArray())
            {
                if (!series.TryGetProperty("value", out var pair) || !TryParsePair(pair, out _, out var value))
                    throw new PrometheusException("Prometheus answered a series without a [time, \"value\"] pair");
                samples.Add(new PrometheusSample(LabelsOf(series), value));
            }
            return samples;
        });

    /// <summary>Parses a /api/v1/query_range answer; anything but a success with a matrix is an error.</summary>
    public static IReadOnlyList<PrometheusSeries> ParseMatrix(HttpStatusCode status, byte[] body) =>
        ParseResult(status, body, "matrix", "a range matrix", result =>
        {
            var matrix = new List<PrometheusSeries>(result.GetArrayLength());
            foreach (var series in result.EnumerateArray())
            {
                if (!series.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                    throw new PrometheusException("Prometheus answered a range series without values");
                var points = new List<(DateTimeOffset, double)>(values.GetArrayLength());
                foreach (var pair in values.EnumerateArray())
                {
                    if (!TryParsePair(pair, out var at, out var value))
                        throw new PrometheusException("Prometheus answered a range series with a value that is not a [time, \"value\"] pair");
                    points.Add((at, value));
                }
                matrix.Add(new PrometheusSeries(LabelsOf(series), points));
            }
            return matrix;
        });

    private static IReadOnlyList<T> ParseResult<T>(HttpStatusCode status, byte[] body, string resultType, string expected, Func<JsonElement, IReadOnlyList<T>> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new PrometheusException($"Prometheus answered HTTP {(int)status} with a body that is not JSON");
        }
        using (document)
        {
            try
            {
                return ResultOf(document.RootElement, status, resultType, expected, read);
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json throws this when an element is not of the kind asked for, such as a number where a string belongs.
                throw new PrometheusException($"Prometheus answered HTTP {(int)status} with JSON of the wrong shape");
            }
        }
    }

    private static IReadOnlyList<T> ResultOf<T>(JsonElement root, HttpStatusCode status, string resultType, string expected, Func<JsonElement, IReadOnlyList<T>> read)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var outcome))
            throw new PrometheusException($"Prometheus answered HTTP {(int)status} with JSON that is not an API response");
        if (outcome.GetString() != "success")
        {
            var error = root.TryGetProperty("error", out var e) ? e.GetString() : "no error message";
            var type = root.TryGetProperty("errorType", out var t) ? t.GetString() : "unknown";
            throw new PrometheusException($"Prometheus query failed ({type}): {error}");
        }
        if (!root.TryGetProperty("data", out var data) || !data.TryGetProperty("resultType", out var answered)
            || answered.GetString() != resultType || !data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
            throw new PrometheusException($"Prometheus answered with something other than {expected}");
        return read(result);
    }

    private static Dictionary<string, string> LabelsOf(JsonElement series)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (series.TryGetProperty("metric", out var metric) && metric.ValueKind == JsonValueKind.Object)
            foreach (var label in metric.EnumerateObject()) labels[label.Name] = label.Value.GetString() ?? "";
        return labels;
    }

    private static bool TryParsePair(JsonElement pair, out DateTimeOffset at, out double value)
    {
        at = default;
        value = double.NaN;
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.Number
            || !pair[0].TryGetDouble(out var seconds) || !double.IsFinite(seconds) || Math.Abs(seconds) > 253402300799
            || pair[1].ValueKind != JsonValueKind.String || pair[1].GetString() is not { } text || !TryParseValue(text, out value))
            return false;
        at = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    private static string Seconds(DateTimeOffset at) =>
        ((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond).ToString("R", CultureInfo.InvariantCulture);

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "NaN": value = double.NaN; return true;
            case "+Inf" or "Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
            default: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
