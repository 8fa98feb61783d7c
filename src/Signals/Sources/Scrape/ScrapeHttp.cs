namespace Headroom.Signals.Sources.Scrape;

/// <summary>The HTTP client pods are scraped with.</summary>
public static class ScrapeHttp
{
    /// <summary>
    /// A client that goes to the pod's own address and nowhere else: a pod's answer is untrusted, so a redirect
    /// (which would send the scraper wherever the pod likes) is an error, and proxy settings from the environment,
    /// meant for the adapter's outbound traffic, do not apply to pod IPs. Timeouts are per scrape, not here.
    /// </summary>
    public static HttpClient Create() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
