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
internal sealed class PodScraper(HttpClient http, ScrapeOptions options)
{
    /// <summary>Fetches and parses the page at the pod's IP, port and path; also returns when the server answered, the page's own time.</summary>
    public async Task<(ParsedPage Page, DateTimeOffset AnsweredAt)> ScrapeAsync(string ip, int port, string path, ScrapeLane lane, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var host = ip.Contains(':') ? $"[{ip}]" : ip;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{host}:{port}{path}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/openmetrics-text") { Parameters = { new("version", "1.0.0") } });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain", 0.9) { Parameters = { new("version", "0.0.4") } });
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var answeredAt = time.GetUtcNow();
            if (!response.IsSuccessStatusCode) throw new ScrapeException($"HTTP {(int)response.StatusCode}");
            if (response.Content.Headers.ContentLength > options.MaxBodyBytes)
                throw new ScrapeException($"page of {response.Content.Headers.ContentLength} bytes is over the {options.MaxBodyBytes}-byte limit");
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var body = await lane.ReadAsync(stream, options.MaxBodyBytes, timeout.Token);
            var format = ExpositionContentType.Detect(response.Content.Headers.ContentType?.ToString());
            var page = lane.Parser.Parse(body.Span, format);
            if (page.OverTextBudget) throw new ScrapeException($"page refused: {page.Errors[^1].Message}");
            return (page, answeredAt);
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
        finally
        {
            lane.Release();
        }
    }
}
