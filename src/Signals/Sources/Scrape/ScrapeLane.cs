using Headroom.Signals.Exposition;

namespace Headroom.Signals.Sources.Scrape;

/// <summary>
/// A parser and a body buffer that one scrape at a time uses, then hands back to its pool. Reusing the buffer
/// matters: a vLLM page is about 90 KB, so a fresh buffer per page would land on the large-object heap and
/// force a full collection every few cycles.
/// </summary>
internal sealed class ScrapeLane(ExpositionParser parser)
{
    private const int InitialBytes = 128 * 1024;
    // A buffer grown for one unusual page is dropped afterwards rather than held for the life of the process: there
    // is a lane per concurrent scrape, and a hostile pod would otherwise leave every lane holding its largest page.
    private const int KeptBytes = 256 * 1024;
    private byte[] _body = new byte[InitialBytes];

    /// <summary>The lane's parser; its buffers and caches are reused from page to page.</summary>
    public ExpositionParser Parser { get; } = parser;

    /// <summary>Reads the whole stream into the lane's buffer; more than <paramref name="maxBytes"/> is cut off and reported.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadAsync(Stream stream, int maxBytes, CancellationToken ct)
    {
        var filled = 0;
        while (true)
        {
            if (filled == _body.Length)
            {
                if (filled > maxBytes) throw new ScrapeException($"page cut off at the {maxBytes}-byte limit");
                Array.Resize(ref _body, (int)Math.Min((long)maxBytes + 1, _body.Length * 2L));
            }
            var read = await stream.ReadAsync(_body.AsMemory(filled), ct);
            if (read == 0) return _body.AsMemory(0, filled);
            filled += read;
            if (filled > maxBytes) throw new ScrapeException($"page cut off at the {maxBytes}-byte limit");
        }
    }

    /// <summary>Called when the page has been parsed and its bytes are no longer needed.</summary>
    public void Release()
    {
        if (_body.Length > KeptBytes) _body = new byte[InitialBytes];
    }
}
