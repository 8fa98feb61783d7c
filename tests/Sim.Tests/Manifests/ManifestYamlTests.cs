using Headroom.Sim.Keda;
using Headroom.Sim.Manifests;
using Headroom.Sim.Tests.Fleet;
using k8s;
using k8s.Models;

namespace Headroom.Sim.Tests.Manifests;

// ManifestYaml stands in for KubernetesYaml's strict deserializer: on every manifest here, shipped or made to
// fail, both give the same object or the same error.
public sealed class ManifestYamlTests
{
    private const string Hpa = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: llm
          labels: {app: llm}
          creationTimestamp: "2024-05-01T10:00:00Z"
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: llm}
          minReplicas: 1
          maxReplicas: 8
          metrics:
            - type: External
              external:
                metric: {name: headroom_desired_replicas, selector: {matchLabels: {workload: llm}}}
                target: {type: AverageValue, averageValue: 500m}
            - type: Pods
              pods:
                metric: {name: headroom_queue_depth}
                target: {type: AverageValue, averageValue: "4"}
            - type: Resource
              resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
          behavior:
            scaleDown:
              stabilizationWindowSeconds: 300
              selectPolicy: Min
              policies: [{type: Percent, value: 50, periodSeconds: 60}]
        """;

    public static TheoryData<string> HpaManifests()
    {
        var root = FleetSpecReaderTests.RepoRoot();
        var data = new TheoryData<string>
        {
            Hpa,
            Hpa.Replace("maxReplicas: 8", "maxReplicas: 8\n  maxReplica: 9"),                   // a misspelt field
            Hpa.Replace("minReplicas: 1", "minReplicas: 1\n  minReplicas: 2"),                  // a duplicate key
            Hpa.Replace("maxReplicas: 8", "maxReplicas: eight"),                                // a wrong type
            Hpa.Replace("averageUtilization: 80", "averageUtilization: 80, averageValue: 1.5"),  // a quantity as a number
            "base: &b {name: llm}\n" + Hpa.Replace("  name: llm\n", "  <<: *b\n"),            // a merge key (and an unknown root field)
            "",
        };
        foreach (var file in Directory.GetFiles(Path.Combine(root, "sim", "examples"), "hpa-*.yaml").Order(StringComparer.Ordinal)) data.Add(File.ReadAllText(file));
        data.Add(File.ReadAllText(Path.Combine(root, "deploy", "apiservice", "examples", "hpa-external.yaml")));
        return data;
    }

    public static TheoryData<string> ScaledObjectManifests()
    {
        var examples = Path.Combine(FleetSpecReaderTests.RepoRoot(), "deploy", "apiservice", "examples");
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(examples, "scaledobject-*.yaml").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            data.Add(text);
            data.Add(text.Replace("spec:", "spec:\n  pollingIntervall: 5"));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HpaManifests))]
    public void An_HPA_reads_as_KubernetesYaml_reads_it(string yaml) => AssertSame<V2HorizontalPodAutoscaler>(yaml);

    [Theory]
    [MemberData(nameof(ScaledObjectManifests))]
    public void A_ScaledObject_reads_as_KubernetesYaml_reads_it(string yaml) => AssertSame<ScaledObjectDocument>(yaml);

    [Fact]
    public void No_type_read_holds_bytes_which_KubernetesYaml_alone_converts()
    {
        Assert.DoesNotContain(typeof(byte[]), ManifestYaml.Reachable(typeof(V2HorizontalPodAutoscaler)));
        Assert.DoesNotContain(typeof(byte[]), ManifestYaml.Reachable(typeof(ScaledObjectDocument)));
        Assert.Contains(typeof(V2MetricTarget), ManifestYaml.Reachable(typeof(V2HorizontalPodAutoscaler)));
    }

    private static void AssertSame<T>(string yaml)
    {
        var expected = Outcome(() => KubernetesYaml.Deserialize<T>(yaml, strict: true));
        var actual = Outcome(() => ManifestYaml.Deserialize<T>(yaml));
        Assert.Equal(expected, actual);
    }

    private static string Outcome<T>(Func<T> read)
    {
        try
        {
            return read() is { } value ? KubernetesJson.Serialize(value) : "null";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message} {e.InnerException?.Message}";
        }
    }
}
