using Headroom.Adapter.Auth;
using Headroom.Adapter.Tests.Support;
using k8s;
using Microsoft.Extensions.Logging;

namespace Headroom.Adapter.Tests.Auth;

public sealed class TokenReviewAuthenticatorTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-tokenreview-").FullName;
    private readonly ManualTimeProvider _time = new();
    private readonly CapturingLoggerProvider _logs = new();
    private FakeKubernetesApi _api = null!;
    private TokenReviewAuthenticator _authenticator = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync(_directory);
        _api.AddToken("good-token-alice", "alice", "dev", "system:authenticated");
        _authenticator = new TokenReviewAuthenticator(new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_api.KubeconfigPath)),
            Ttl, TimeSpan.FromSeconds(2), _time, _logs.CreateFactory().CreateLogger<TokenReviewAuthenticator>());
    }

    [Fact]
    public async Task Authenticated_token_is_the_reviewed_user_with_its_groups()
    {
        var user = await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer good-token-alice")!, default);

        Assert.NotNull(user);
        Assert.Equal("alice", user.Name);
        Assert.Equal(["dev", "system:authenticated"], user.Groups);
        Assert.Equal(1, _api.TokenReviews);
    }

    [Fact]
    public async Task Rejected_token_is_no_user()
    {
        Assert.Null(await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer bad-token")!, default));
        Assert.Equal(1, _api.TokenReviews);
    }

    [Fact]
    public async Task Success_is_cached_for_the_ttl_then_reviewed_again()
    {
        await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer good-token-alice")!, default);
        _time.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.Equal("alice", (await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer good-token-alice")!, default))?.Name);
        Assert.Equal(1, _api.TokenReviews);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("alice", (await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer good-token-alice")!, default))?.Name);
        Assert.Equal(2, _api.TokenReviews);
    }

    [Fact]
    public async Task Rejection_is_cached_for_the_ttl_so_a_bad_token_cannot_hammer_the_api()
    {
        for (var i = 0; i < 5; i++) Assert.Null(await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer bad-token")!, default));
        Assert.Equal(1, _api.TokenReviews);

        _time.Advance(Ttl);
        _api.AddToken("bad-token", "now-known");
        Assert.Equal("now-known", (await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer bad-token")!, default))?.Name);
        Assert.Equal(2, _api.TokenReviews);
    }

    [Theory]
    [InlineData(FakeApiFailure.ServerError)]
    [InlineData(FakeApiFailure.Hang)]
    public async Task Failed_review_refuses_warns_and_is_not_cached(FakeApiFailure failure)
    {
        _api.TokenReviewFailure = failure;
        Assert.Null(await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer good-token-alice")!, default));
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("TokenReview failed"));

        _api.TokenReviewFailure = FakeApiFailure.None;
        Assert.Equal("alice", (await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer good-token-alice")!, default))?.Name);
        Assert.Equal(2, _api.TokenReviews);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_uncached_token_share_one_review()
    {
        _api.Latency = TimeSpan.FromMilliseconds(200);

        var users = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer good-token-alice")!, default)));

        Assert.True(users.All(u => u?.Name == "alice"), string.Join("\n", _logs.Lines));
        Assert.Equal(1, _api.TokenReviews);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_shared_review()
    {
        _api.Latency = TimeSpan.FromMilliseconds(200);
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        var first = _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer good-token-alice")!, impatient.Token);
        var second = _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer good-token-alice")!, default);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("alice", (await second)?.Name);
        Assert.Equal(1, _api.TokenReviews);
    }

    [Fact]
    public async Task Tokens_never_appear_in_the_logs()
    {
        await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer good-token-alice")!, default);
        await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer secret-bad-token")!, default);
        _api.TokenReviewFailure = FakeApiFailure.ServerError;
        await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer secret-token-during-500")!, default);
        _api.TokenReviewFailure = FakeApiFailure.Hang;
        await _authenticator.AuthenticateAsync(BearerToken.FromHeader("Bearer secret-token-during-hang")!, default);

        Assert.NotEmpty(_logs.Lines);
        Assert.All(_logs.Lines, l =>
        {
            Assert.DoesNotContain("good-token-alice", l.Text);
            Assert.DoesNotContain("secret-", l.Text);
            Assert.DoesNotContain(FakeKubernetesApi.AdapterCredential, l.Text);
        });
    }

    public async Task DisposeAsync()
    {
        _authenticator.Dispose();
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
