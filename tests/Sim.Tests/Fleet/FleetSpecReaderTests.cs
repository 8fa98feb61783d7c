using Headroom.Fleet;
using Headroom.Sim.Fleet;

namespace Headroom.Sim.Tests.Fleet;

public sealed class FleetSpecReaderTests
{
    [Fact]
    public void A_preset_with_overrides_and_durations()
    {
        var spec = FleetSpecReader.Parse("""
            model: llama-70b-h100x4
            maxBatch: 128
            coldStart: {p50: 4m, p90: 8m}
            step: 250ms
            initialReplicas: 3
            """);
        Assert.Equal(4, spec.Model.GpusPerReplica);
        Assert.Equal(128, spec.Model.MaxBatch);
        Assert.Equal(ModelProfile.Llama70BH100.DecodeStepBaseMs, spec.Model.DecodeStepBaseMs);
        Assert.Equal(new ColdStartDistribution(240, 480), spec.ColdStart);
        Assert.Equal(TimeSpan.FromMilliseconds(250), spec.Step);
        Assert.Equal(3, spec.InitialReplicas);
        Assert.True(spec.Model.PrefixCaching);
        Assert.Equal(RequestRouting.LeastLoaded, spec.Routing);
    }

    [Fact]
    public void Prefix_caching_can_be_turned_off_and_routing_follow_prefixes()
    {
        var spec = FleetSpecReader.Parse("prefixCaching: false\nrouting: prefix-affinity");
        Assert.False(spec.Model.PrefixCaching);
        Assert.Equal(RequestRouting.PrefixAffinity, spec.Routing);
    }

    [Theory]
    [InlineData("model: gpt-9", "model: unknown preset \"gpt-9\"")]
    [InlineData("maxBatch: 0", "maxBatch: 0 must be positive")]
    [InlineData("coldStart: {p50: 2m, p90: 1m}", "coldStart.p90: 60s is below coldStart.p50 (120s)")]
    [InlineData("step: fast", "step: \"fast\" is not a positive duration")]
    [InlineData("maxBatchh: 3", "line 1, column 1")]
    [InlineData("podsPerReplica: 0", "podsPerReplica: 0 must be 1 or more")]
    [InlineData("routing: round-robin", "routing: \"round-robin\" is not a routing (least-loaded or prefix-affinity)")]
    [InlineData("prefixCaching: maybe", "line 1, column 16")]
    [InlineData("gpusPerReplica: 4\npodsPerReplica: 3", "podsPerReplica: 4 GPUs per replica do not divide evenly over 3 pods")]
    [InlineData("gpusPerReplica: 2\npodsPerReplica: 2\ndisaggregation: {kvTransfer: 5ms}", "podsPerReplica: a prefill/decode fleet of multi-pod replicas is not modelled")]
    public void Bad_fields_are_named(string yaml, string expected)
    {
        var e = Assert.Throws<FleetSpecException>(() => FleetSpecReader.Parse(yaml));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void The_shipped_examples_parse()
    {
        var dir = Path.Combine(RepoRoot(), "sim", "examples");
        Assert.Equal(ModelProfile.Llama8BH100, FleetSpecReader.Parse(File.ReadAllText(Path.Combine(dir, "fleet-8b.yaml"))).Model);
        Assert.Equal(ModelProfile.Llama70BH100, FleetSpecReader.Parse(File.ReadAllText(Path.Combine(dir, "fleet-70b.yaml"))).Model);
        var groups = FleetSpecReader.Parse(File.ReadAllText(Path.Combine(dir, "fleet-70b-lws.yaml")));
        Assert.Equal((ModelProfile.Llama70BH100, 4), (groups.Model, groups.PodsPerReplica));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Headroom.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
