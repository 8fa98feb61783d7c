using System.Net.Http.Headers;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Kubectl;
using Headroom.Adapter.Tests.Support;

namespace Headroom.Adapter.Tests.Auth;

/// <summary>The demo adapter with TokenReview and SubjectAccessReview sent to a fake kube-apiserver, as the review flags allow.</summary>
public sealed class DelegatedAuthAdapterFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-delegated-auth-").FullName;

    public FakeKubernetesApi Api { get; private set; } = null!;

    public RunningAdapter Adapter { get; private set; } = null!;

    /// <summary>A kubeconfig that trusts the adapter but carries no client certificate, for kubectl --token.</summary>
    public string TokenlessKubeconfig => Path.Combine(_directory, "tokenless.kubeconfig");

    public async Task InitializeAsync()
    {
        Api = await FakeKubernetesApi.StartAsync(_directory);
        Adapter = await RunningAdapter.StartAsync(TestAdapterOptions.Demo(_directory) with
        {
            AuthenticationKubeconfig = Api.KubeconfigPath,
            AuthorizationKubeconfig = Api.KubeconfigPath,
        });
        KubeconfigCredentials.WriteVariant(Adapter.KubeconfigPath!, TokenlessKubeconfig, null, null);
        await WaitForPodMetricsAsync();
    }

    /// <summary>An HttpClient that presents the demo client certificate.</summary>
    public HttpClient CertificateClient() => KubeconfigCredentials.Read(Adapter.KubeconfigPath!).CreateClient(Adapter.SecureUrl, presentClientCertificate: true);

    /// <summary>An HttpClient that presents the bearer token and, if asked, the demo client certificate too.</summary>
    public HttpClient TokenClient(string token, bool withCertificate = false)
    {
        var client = KubeconfigCredentials.Read(Adapter.KubeconfigPath!).CreateClient(Adapter.SecureUrl, withCertificate);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task WaitForPodMetricsAsync()
    {
        using var client = CertificateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await client.GetAsync(DelegatedAuthAdapterTests.PodMetricPath);
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("demo pod metrics did not become available within 60 s");
            await Task.Delay(500);
        }
    }

    public async Task DisposeAsync()
    {
        await Adapter.DisposeAsync();
        await Api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DelegatedAuthAdapterCollection : ICollectionFixture<DelegatedAuthAdapterFixture>
{
    public const string Name = "demo adapter with delegated auth";
}
