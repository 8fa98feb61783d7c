using Headroom.Adapter.Auth;

namespace Headroom.Adapter.Tests.Security;

/// <summary>
/// The attack: a flood of distinct bearer tokens, each needing a TokenReview. The Kubernetes API sees a bounded
/// number of reviews at a time, and the verdict cache stays bounded while still remembering what is in use.
/// </summary>
public sealed class ReviewFloodTests
{
    [Fact]
    public async Task Distinct_credentials_in_a_flood_are_reviewed_a_bounded_number_at_a_time()
    {
        var cache = new ReviewCache<string>(TimeProvider.System, _ => TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30));
        var (running, most) = (0, 0);
        async Task<string> Review(string key)
        {
            var now = Interlocked.Increment(ref running);
            lock (cache) most = Math.Max(most, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref running);
            return key;
        }

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => cache.GetAsync($"token-{i}", _ => Review($"user-{i}"), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"user-{i}"), verdicts);
        Assert.InRange(most, 1, ReviewCache<string>.DefaultMaxConcurrentReviews);
    }

    [Fact]
    public async Task A_full_cache_forgets_the_least_recently_used_verdict_and_keeps_the_new_one()
    {
        var cache = new ReviewCache<string>(TimeProvider.System, _ => TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30), maxEntries: 3);
        var reviews = new List<string>();
        Task<string> Get(string key) => cache.GetAsync(key, _ =>
        {
            reviews.Add(key);
            return Task.FromResult(key);
        }, CancellationToken.None);

        foreach (var key in new[] { "a", "b", "c", "a", "d", "d", "a", "c", "b" }) await Get(key);

        // a, b, c reviewed; a remembered; d reviewed and kept, pushing out b (least recently used); b again at the end.
        Assert.Equal(["a", "b", "c", "d", "b"], reviews);
    }

    [Fact]
    public void The_map_holds_its_capacity_and_no_more()
    {
        var map = new LruMap<int>(100);
        for (var i = 0; i < 10_000; i++) map.Set($"k{i}", i);

        Assert.Equal(100, map.Count);
        Assert.True(map.TryGet("k9999", out var last) && last == 9999);
        Assert.False(map.TryGet("k9899", out _));
    }
}
