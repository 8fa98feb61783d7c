using Headroom.Sim.Hpa;
using Headroom.Sim.Keda;

namespace Headroom.Sim.Tests.Keda;

// The ScaledObjects shipped in deploy/apiservice/examples parse into the typed model, and the simulator
// can run each of them.
public sealed class ExampleManifestTests
{
    private static readonly string Directory = FindExamples();

    // The model runs every example but the one with scalingModifiers, whose formula it does not evaluate.
    public static TheoryData<string> Examples() => [.. ExampleNames().Where(name => name != Modifiers)];

    private const string Modifiers = "scaledobject-modifiers.yaml";

    private static List<string> ExampleNames() =>
        [.. System.IO.Directory.GetFiles(Directory, "scaledobject-*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static string PathOf(string name) => Path.Combine(Directory, name);

    private static string FindExamples()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Headroom.slnx"))) directory = directory.Parent;
        return Path.Combine(directory!.FullName, "deploy", "apiservice", "examples");
    }

    [Fact]
    public void There_is_an_example_for_each_trigger_Headroom_serves()
    {
        Assert.Equal(["scaledobject-external-push.yaml", "scaledobject-external.yaml", "scaledobject-metrics-api.yaml", "scaledobject-modifiers.yaml"], ExampleNames());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void An_example_parses_and_the_model_runs_it(string name)
    {
        var so = ScaledObjectReader.Read(PathOf(name));
        var controller = new KedaController(so);

        // Scale from zero, fallback and an HPA behavior, as issue 5 asks of every example.
        Assert.Equal(0, so.Spec.MinReplicaCount);
        Assert.NotNull(so.Spec.Fallback);
        Assert.NotNull(controller.Hpa.Spec.Behavior);
        var trigger = Assert.Single(so.Spec.Triggers);
        Assert.NotNull(trigger.Scaler);
        Assert.Equal(MetricSourceType.External, Assert.Single(controller.Hpa.Spec.Metrics).Type);
        // A demand far above the target activates the workload from zero.
        var decision = controller.Tick(TimeSpan.Zero, [TriggerReading.Of((double)trigger.Scaler.Target * 100)], 0);
        Assert.Equal(KedaAction.Activated, decision.Poll!.Action);
        Assert.True(decision.DesiredReplicas >= 1);
    }

    [Fact]
    public void The_external_example_reads_headroom_desired_replicas_at_one_per_replica()
    {
        var controller = new KedaController(ScaledObjectReader.Read(PathOf("scaledobject-external.yaml")));

        Assert.Equal(
            new MetricSpec(MetricSourceType.External, "s0-headroom_desired_replicas", new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 1000)),
            Assert.Single(controller.Hpa.Spec.Metrics));
        Assert.Equal((1, 16), (controller.Hpa.Spec.MinReplicas, controller.Hpa.Spec.MaxReplicas));
        Assert.Equal(new Fallback(3, 2, FallbackBehavior.CurrentReplicasIfHigher), controller.ScaledObject.Spec.Fallback);
    }

    [Fact]
    public void The_modifiers_example_passes_KEDAs_validation_and_the_model_says_what_it_does_not_run()
    {
        var so = ScaledObjectReader.Read(PathOf(Modifiers));

        Assert.Equal(0, so.Spec.MinReplicaCount);
        Assert.Equal(new Fallback(3, 2, FallbackBehavior.CurrentReplicasIfHigher), so.Spec.Fallback);
        Assert.Equal(["external", "cron"], so.Spec.Triggers.Select(t => t.Type));
        Assert.Equal(new ScalingModifiers("prewarm > 1 ? max(headroom, prewarm) : headroom", "1", "0", MetricTargetType.AverageValue), so.Spec.Advanced!.ScalingModifiers);
        var refused = Assert.Throws<ScaledObjectException>(() => new KedaController(so));
        Assert.StartsWith("spec.advanced.scalingModifiers:", refused.Message);
    }
}
