namespace Headroom.Fleet;

/// <summary>How the fleet's router picks a replica for a request.</summary>
public enum RequestRouting
{
    /// <summary>The ready replica with the fewest requests waiting or running (least outstanding requests).</summary>
    LeastLoaded,

    /// <summary>
    /// The replica that last took the longest known prefix of the request's prompt, while it holds at most a couple of
    /// requests more than the least loaded; otherwise the least loaded: an inference gateway's prefix-cache scorer behind
    /// a load filter.
    /// </summary>
    PrefixAffinity,
}
