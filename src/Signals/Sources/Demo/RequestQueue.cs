namespace Headroom.Signals.Sources.Demo;

/// <summary>Helpers for the FIFO request queues of the gateway and the engines.</summary>
internal static class RequestQueue
{
    /// <summary>Drops requests whose clients gave up because they arrived before the cutoff.</summary>
    public static void DropArrivedBefore(this LinkedList<SimulatedRequest> queue, DateTimeOffset cutoff)
    {
        var node = queue.First;
        while (node is not null)
        {
            var next = node.Next;
            if (node.Value.Arrived < cutoff)
            {
                queue.Remove(node);
            }
            node = next;
        }
    }
}
