namespace Headroom.Fleet;

/// <summary>How the fleet's router picks a replica for a request.</summary>
public enum RequestRouting
{
    /// <summary>The ready replica with the fewest requests waiting or running (least outstanding requests).</summary>
    LeastLoaded,

    /// <summary>
    /// The replica that last took the longest known prefix of the request's prompt, while it has a free batch slot and
    /// nothing waiting; otherwise the least loaded: an inference gateway's prefix-cache scorer with a queue filter.
    /// </summary>
    PrefixAffinity,
}
