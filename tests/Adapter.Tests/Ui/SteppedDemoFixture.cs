using Headroom.Adapter.Demo;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Kubectl;
using Headroom.Adapter.Tests.Support;
using Headroom.Serving;
using Headroom.Signals.Sources.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Adapter.Tests.Ui;

/// <summary>
/// The adapter on the demo fleet, with its own credentials and browser token, where the fleet, the pipeline and the
/// refits all run on a clock the test steps: two minutes of cycles, then nothing moves, so a browser that takes its
/// time and a read of /debug/workloads afterwards see the same observation.
/// </summary>
public class SteppedDemoFixture : IAsyncLifetime
{
    public const int Cycles = 60;

    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-ui-").FullName;
    private readonly SteppedClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public RunningAdapter Adapter { get; private set; } = null!;

    private string Kubeconfig => Path.Combine(_directory, "demo.kubeconfig");

    public async Task InitializeAsync()
    {
        var options = TestAdapterOptions.Demo(_directory);
        var credentials = DemoCredentials.Create();
        var plan = Plan(HostPlans.Demo(options, credentials, NullLoggerFactory.Instance), options.DemoSeed, _clock);
        Adapter = await RunningAdapter.StartAsync(options, plan);
        credentials.WriteKubeconfig(Kubeconfig, Adapter.SecureUrl.ToString().TrimEnd('/'));

        var store = Adapter.App.Services.GetRequiredService<SnapshotStore>();
        await Poll.UntilAsync(() =>
        {
            Assert.True(store.HasCompletedCycle);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(30));
        var interval = Adapter.App.Services.GetRequiredService<Signals.Pipeline.SignalOptions>().Interval;
        for (var cycle = 1; cycle < Cycles; cycle++)
        {
            var published = store.NextPublish;
            _clock.Advance(interval);
            await published.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>What the adapter serves: the demo fleet, on the stepped clock.</summary>
    protected virtual HostPlan Plan(HostPlan demo, int seed, SteppedClock clock)
    {
        var fleet = new DemoFleet(DemoFleetOptions.Default(seed), clock);
        return demo with { Source = fleet, Workloads = fleet.WorkloadSpecs, Clock = clock };
    }

    /// <summary>An HttpClient that presents the demo client certificate and trusts the demo CA.</summary>
    public HttpClient AuthenticatedClient() => KubeconfigCredentials.Read(Kubeconfig).CreateClient(Adapter.SecureUrl, presentClientCertificate: true);

    public async Task DisposeAsync()
    {
        await Adapter.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
