namespace Headroom.Fleet;

/// <summary>
/// Finished and dropped requests kept for reuse by the event-driven fleet, so a replay of millions of requests
/// allocates only as many as are ever in flight at once. Bounded: past its cap a returned request is left to the GC.
/// </summary>
internal sealed class RequestPool
{
    private const int Cap = 1 << 18;
    private SimRequest[] _items = new SimRequest[1024];
    private int _count;

    /// <summary>A request object for a new arrival.</summary>
    public SimRequest Rent(double arrival, int prompt, int output, PromptBlocks blocks)
    {
        if (_count == 0) return new SimRequest(arrival, prompt, output, blocks);
        var r = _items[--_count];
        _items[_count] = null!;
        r.Reset(arrival, prompt, output, blocks);
        return r;
    }

    /// <summary>Takes back a request the fleet is done with; nothing may refer to it any more.</summary>
    public void Return(SimRequest request)
    {
        if (_count == _items.Length)
        {
            if (_count == Cap) return;
            Array.Resize(ref _items, _count * 2);
        }
        _items[_count++] = request;
    }
}
