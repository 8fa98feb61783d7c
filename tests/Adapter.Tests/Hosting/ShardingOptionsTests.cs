using Headroom.Adapter.Hosting;

namespace Headroom.Adapter.Tests.Hosting;

/// <summary>--shard-workloads and its flags: checked together, each problem naming the flags to fix.</summary>
public sealed class ShardingOptionsTests
{
    private static AdapterOptions Sharded(string file) => new()
    {
        ConfigFile = file,
        InCluster = true,
        KedaAllowUnauthenticated = true,
        TlsCertFile = file,
        TlsPrivateKeyFile = file,
        ShardWorkloads = true,
        ReplicaName = "headroom-7f9c-abcde",
        ReplicaNamespace = "headroom",
    };

    [Fact]
    public void Sharding_is_off_by_default_and_then_nothing_of_it_is_checked_or_built()
    {
        Assert.Null(new AdapterOptions().Replicas());
    }

    [Fact]
    public void A_sharded_replica_takes_its_name_namespace_and_timing_from_the_flags()
    {
        using var file = new TempFile();

        var options = Sharded(file.Path) with { LeaseDuration = TimeSpan.FromSeconds(20), CheckpointInterval = TimeSpan.FromMinutes(2) };

        Assert.Empty(options.Validate());
        var replicas = options.Replicas()!;
        Assert.Equal(("headroom-7f9c-abcde", "headroom", "headroom"), (replicas.Identity, replicas.Namespace, replicas.Group));
        Assert.Equal((TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)),
            (replicas.LeaseDuration, replicas.RenewInterval, replicas.CheckpointInterval));
    }

    [Fact]
    public void Sharding_needs_the_shared_serving_certificate_and_is_not_for_the_demo()
    {
        using var file = new TempFile();

        Assert.Contains((Sharded(file.Path) with { TlsCertFile = null, TlsPrivateKeyFile = null }).Validate(), p => p.Contains("--shard-workloads needs --tls-cert-file"));
        Assert.Contains((Sharded(file.Path) with { Demo = true }).Validate(), p => p.Contains("cannot be combined with --demo"));
    }

    [Fact]
    public void Lease_timing_and_names_that_cannot_work_are_refused()
    {
        using var file = new TempFile();

        var problems = (Sharded(file.Path) with
        {
            LeaseDuration = TimeSpan.FromSeconds(6),
            LeaseRenewInterval = TimeSpan.FromSeconds(5),
            ReplicaName = "Not_A_Pod",
            ReplicaNamespace = "",
            PeerAddress = new Uri("http://10.0.0.7:6443"),
        }).Validate();

        Assert.Contains(problems, p => p.Contains("at least twice the renew interval") && p.Contains("--lease-duration"));
        Assert.Contains(problems, p => p.Contains("replica name \"Not_A_Pod\""));
        Assert.Contains(problems, p => p.Contains("namespace \"\""));
        Assert.Contains(problems, p => p.Contains("--peer-address http://10.0.0.7:6443/ must be an https address"));
    }

    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();

        public void Dispose() => File.Delete(Path);
    }
}
