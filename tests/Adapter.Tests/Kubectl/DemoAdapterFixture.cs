using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Support;

namespace Headroom.Adapter.Tests.Kubectl;

/// <summary>Starts the adapter in demo mode once for all kubectl tests, on free ports, and waits until every signal has a value.</summary>
public sealed class DemoAdapterFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-kubectl-").FullName;

    public RunningAdapter Adapter { get; private set; } = null!;

    public string Kubeconfig => Adapter.KubeconfigPath!;

    public Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Adapter = await RunningAdapter.StartAsync(TestAdapterOptions.Demo(_directory));
        Kubectl = new Kubectl(Kubeconfig);
        await WaitForLiveValuesAsync();
    }

    /// <summary>An HttpClient that presents the demo client certificate and trusts the demo CA, read back from the kubeconfig.</summary>
    public HttpClient AuthenticatedClient() => KubeconfigCredentials.Read(Kubeconfig).CreateClient(Adapter.SecureUrl, presentClientCertificate: true);

    /// <summary>An HttpClient that trusts the server but presents no certificate.</summary>
    public HttpClient AnonymousClient() => KubeconfigCredentials.Read(Kubeconfig).CreateClient(Adapter.SecureUrl, presentClientCertificate: false);

    private async Task WaitForLiveValuesAsync()
    {
        using var client = AuthenticatedClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var allLive = true;
            foreach (var metric in Signals.Catalog.MetricCatalog.All)
            {
                foreach (var workload in new[] { "chat", "code" })
                {
                    using var response = await client.GetAsync($"/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/{metric.Name}?labelSelector=workload%3D{workload}");
                    allLive &= response.IsSuccessStatusCode;
                }
            }
            if (allLive) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("demo signals did not all become available within 60 s");
            await Task.Delay(500);
        }
    }

    public async Task DisposeAsync()
    {
        await Adapter.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DemoAdapterCollection : ICollectionFixture<DemoAdapterFixture>
{
    public const string Name = "demo adapter";
}
