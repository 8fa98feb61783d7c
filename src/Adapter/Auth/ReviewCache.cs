using System.Collections.Concurrent;

namespace Headroom.Adapter.Auth;

/// <summary>
/// Remembers review verdicts for a time that depends on the verdict, and lets concurrent callers with the
/// same key share one review, as Kubernetes' cached token authenticator and webhook authorizer do.
/// A review that throws is not remembered, so an API outage does not outlive itself. At most
/// <paramref name="maxConcurrentReviews"/> reviews are outstanding at once, so a flood of distinct credentials
/// queues here instead of becoming a flood of requests to the Kubernetes API.
/// </summary>
/// <typeparam name="T">The verdict.</typeparam>
public sealed class ReviewCache<T>(TimeProvider time, Func<T, TimeSpan> timeToLive, TimeSpan reviewTimeout,
    int maxEntries = ReviewCache<T>.DefaultMaxEntries, int maxConcurrentReviews = ReviewCache<T>.DefaultMaxConcurrentReviews) where T : notnull
{
    /// <summary>Every distinct bad credential adds an entry; the bound keeps a flood of them from growing memory without limit.</summary>
    public const int DefaultMaxEntries = 10_000;

    /// <summary>Reviews outstanding at once; the rest wait their turn (within the request timeout).</summary>
    public const int DefaultMaxConcurrentReviews = 32;

    private readonly LruMap<(T Value, DateTimeOffset Expires)> _verdicts = new(maxEntries);
    private readonly ConcurrentDictionary<string, Task<T>> _inFlight = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reviews = new(maxConcurrentReviews);

    /// <summary>The remembered verdict for the key, or the result of a review that is shared with concurrent callers.</summary>
    /// <param name="key">Identifies the question; it must not contain secrets.</param>
    /// <param name="review">Asks the API; its token fires after the review timeout, never because one caller went away.</param>
    /// <param name="cancellationToken">Stops this caller's wait, not the shared review.</param>
    public async Task<T> GetAsync(string key, Func<CancellationToken, Task<T>> review, CancellationToken cancellationToken)
    {
        if (TryGetFresh(key, out var cached)) return cached;
        var flight = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _inFlight.GetOrAdd(key, flight.Task);
        if (shared == flight.Task) _ = ReviewAsync(key, flight, review);
        return await shared.WaitAsync(cancellationToken);
    }

    private async Task ReviewAsync(string key, TaskCompletionSource<T> flight, Func<CancellationToken, Task<T>> review)
    {
        // The flight leaves the table before its callers are released, so a caller that asks again right
        // after a failure starts a new review instead of joining the finished, failed one.
        try
        {
            // Another flight may have finished between the caller's lookup and this one starting.
            if (!TryGetFresh(key, out var verdict))
            {
                // The timeout covers the wait for a turn too: a review that cannot start in time has failed.
                using var timeout = new CancellationTokenSource(reviewTimeout, time);
                await _reviews.WaitAsync(timeout.Token);
                try
                {
                    verdict = await review(timeout.Token);
                }
                finally
                {
                    _reviews.Release();
                }
                Remember(key, verdict);
            }
            _inFlight.TryRemove(new KeyValuePair<string, Task<T>>(key, flight.Task));
            flight.SetResult(verdict);
        }
        catch (Exception ex)
        {
            _inFlight.TryRemove(new KeyValuePair<string, Task<T>>(key, flight.Task));
            flight.SetException(ex);
        }
    }

    private bool TryGetFresh(string key, out T value)
    {
        if (_verdicts.TryGet(key, out var entry) && time.GetUtcNow() < entry.Expires)
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    private void Remember(string key, T verdict)
    {
        var ttl = timeToLive(verdict);
        if (ttl > TimeSpan.Zero) _verdicts.Set(key, (verdict, time.GetUtcNow() + ttl));
    }
}
