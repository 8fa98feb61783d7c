using System.Net.Http.Headers;
using Headroom.Signals.Configuration;
using Headroom.Signals.Exposition;

namespace Headroom.Signals.Sources.Scrape;

/// <summary>A page that could not be fetched or was cut off; the pod then has no readings this cycle.</summary>
public sealed class ScrapeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Fetches one pod's metrics page with a timeout and a size limit. A body that is too large, endless
/// or slow is cut off and reported; it never holds up other pods or grows memory.
/// </summary>
public sealed class PodScraper(HttpClient http, ScrapeOptions options)
{
    /// <summary>Fetches and parses the page at the pod's IP; also returns when the server answered, the page's own time.</summary>
    public async Task<(ParsedPage Page, DateTimeOffset AnsweredAt)> ScrapeAsync(string ip, ExpositionParser parser, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var host = ip.Contains(':') ? $"[{ip}]" : ip;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{host}:{options.Port}{options.Path}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/openmetrics-text") { Parameters = { new("version", "1.0.0") } });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain", 0.9) { Parameters = { new("version", "0.0.4") } });
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var answeredAt = time.GetUtcNow();
            if (!response.IsSuccessStatusCode) throw new ScrapeException($"HTTP {(int)response.StatusCode}");
            var body = await ReadLimitedAsync(response.Content, timeout.Token);
            var format = ExpositionContentType.Detect(response.Content.Headers.ContentType?.ToString());
            return (parser.Parse(body, format), answeredAt);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ScrapeException($"no complete page within {options.Timeout.TotalMilliseconds:F0} ms", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // A body cut short (the connection closed before its declared length) surfaces as an IOException.
            throw new ScrapeException(ex.Message, ex);
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength > options.MaxBodyBytes)
            throw new ScrapeException($"page of {content.Headers.ContentLength} bytes is over the {options.MaxBodyBytes}-byte limit");
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > options.MaxBodyBytes)
                throw new ScrapeException($"page cut off at the {options.MaxBodyBytes}-byte limit");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
