using Headroom.Adapter.Auth;
using Headroom.Adapter.Keda;
using Headroom.Signals.Catalog;
using Headroom.Signals.Scaling;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Headroom.Adapter.Tests.Deploy;

/// <summary>
/// deploy/apiservice/examples against what Headroom really serves: the HPA and RBAC parse strictly into
/// KubernetesClient's models, each trigger's metadata passes Headroom's own parser, and every name that links
/// one object to another resolves. (The ScaledObjects' KEDA fields are checked by the simulator's typed model.)
/// </summary>
public sealed class ExampleManifestTests
{
    private static readonly string Examples = Path.Combine(RenderedManifests.RepositoryRoot, "deploy", "apiservice", "examples");

    private static readonly Dictionary<string, Type> TypeMap = new()
    {
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["v1/Secret"] = typeof(V1Secret),
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = typeof(V1ClusterRole),
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = typeof(V1ClusterRoleBinding),
        ["keda.sh/v1alpha1/TriggerAuthentication"] = typeof(TriggerAuthentication),
    };

    private static List<object> Load(string file) =>
        KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Examples, file)), TypeMap, strict: true);

    [Fact]
    public void The_HPA_asks_for_metrics_Headroom_serves_on_the_paths_it_serves_them()
    {
        var hpa = Assert.IsType<V2HorizontalPodAutoscaler>(Assert.Single(Load("hpa-external.yaml")));
        var external = Assert.Single(hpa.Spec.Metrics, m => m.Type == "External").External;
        Assert.True(MetricCatalog.TryGet(external.Metric.Name, out _));
        // External metrics are selected by the workload label Headroom puts on each series.
        Assert.Equal("chat", external.Metric.Selector.MatchLabels["workload"]);
        Assert.Equal(("AverageValue", "1"), (external.Target.Type, external.Target.AverageValue.ToString()));
        var pods = Assert.Single(hpa.Spec.Metrics, m => m.Type == "Pods").Pods;
        Assert.True(MetricCatalog.TryGet(pods.Metric.Name, out _));
        Assert.NotNull(hpa.Spec.Behavior?.ScaleDown?.StabilizationWindowSeconds);
    }

    [Fact]
    public void Each_roles_HPA_selects_its_roles_answer_and_scales_its_roles_Deployment()
    {
        var hpas = Load("hpa-disaggregated.yaml").Cast<V2HorizontalPodAutoscaler>().ToArray();
        var roles = Signals.Configuration.ConfigLoader.LoadFile(Path.Combine(Examples, "headroom-disaggregated.yaml")).Workloads;

        Assert.Equal(2, hpas.Length);
        Assert.Equal(["decode", "prefill"], roles.Select(r => r.Role!.Name).Order());
        foreach (var hpa in hpas)
        {
            var selector = Assert.Single(hpa.Spec.Metrics).External.Metric.Selector.MatchLabels;
            var role = roles.Single(r => r.Name == selector["workload"] && r.Role!.Name == selector["role"]);
            // Headroom answers a role's Object metrics on the Deployment it names; the HPA scales that Deployment.
            Assert.Equal(role.DeploymentName, hpa.Spec.ScaleTargetRef.Name);
            Assert.Equal(role.Namespace, hpa.Metadata.NamespaceProperty);
        }
    }

    [Fact]
    public void The_metrics_api_reader_may_get_exactly_Headrooms_KEDA_paths()
    {
        var objects = Load("metrics-api-reader.yaml");
        var role = Assert.Single(objects.OfType<V1ClusterRole>());
        var rule = Assert.Single(role.Rules);
        Assert.Equal(["get"], rule.Verbs);
        var url = Assert.Single(rule.NonResourceURLs);
        // RBAC non-resource URLs match a trailing * as a prefix, as --authorization-always-allow-paths does.
        Assert.True(new AuthOptions([url], TimeSpan.FromMinutes(1)).IsAlwaysAllowed(MetricsApiEndpoints.Prefix + "/namespaces/llm/workloads/chat"));

        var account = Assert.Single(objects.OfType<V1ServiceAccount>());
        var binding = Assert.Single(objects.OfType<V1ClusterRoleBinding>());
        Assert.Equal(role.Metadata.Name, binding.RoleRef.Name);
        Assert.Equal((account.Metadata.Name, account.Metadata.NamespaceProperty), (Assert.Single(binding.Subjects).Name, binding.Subjects[0].NamespaceProperty));
        var token = Assert.Single(objects.OfType<V1Secret>());
        Assert.Equal("kubernetes.io/service-account-token", token.Type);
        Assert.Equal(account.Metadata.Name, token.Metadata.Annotations["kubernetes.io/service-account.name"]);
    }

    public static TheoryData<string> ScaledObjects() =>
        [.. Directory.GetFiles(Examples, "scaledobject-*.yaml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(ScaledObjects))]
    public void Each_Headroom_trigger_passes_Headrooms_parser_and_its_authentication_resolves(string file)
    {
        var headroom = Triggers(file).Where(t => Type(t) is "external" or "external-push" or "metrics-api").ToList();
        Assert.NotEmpty(headroom);
        foreach (var trigger in headroom) AssertHeadroomTrigger(trigger);
    }

    [Fact]
    public void The_modifiers_formula_combines_Headrooms_desired_replicas_with_a_second_trigger()
    {
        var (triggers, modifiers) = (Triggers("scaledobject-modifiers.yaml"), Modifiers("scaledobject-modifiers.yaml"));
        var names = triggers.Select(t => ((YamlScalarNode)t["name"]).Value!).ToList();
        Assert.Equal(2, names.Count);
        var formula = ((YamlScalarNode)modifiers["formula"]).Value!;
        // expr-lang sees each trigger's value under the trigger's name.
        Assert.All(names, name => Assert.Matches($@"\b{name}\b", formula));
        var headroom = Assert.Single(triggers, t => Type(t) == "external");
        // Activity comes from the formula, so the Headroom term must be one that rises above zero for a queued request at zero pods.
        Assert.Equal(ScalerMetadata.DefaultMetric, Metadata(headroom)["metric"]);
        // KEDA accepts a fallback with scalingModifiers only for an AverageValue composite metric.
        Assert.Equal("AverageValue", ((YamlScalarNode)modifiers["metricType"]).Value);
    }

    private static void AssertHeadroomTrigger(YamlMappingNode trigger)
    {
        var type = Type(trigger);
        var metadata = Metadata(trigger);
        if (type is "external" or "external-push")
        {
            // What KEDA sends as scalerMetadata is the trigger's metadata as written.
            var parsed = ScalerMetadata.Parse(metadata, "llm");
            Assert.Equal("headroom.headroom.svc:9443", metadata["scalerAddress"]);
            Assert.Equal("true", metadata["enableTLS"]);
            Assert.True(parsed.Target > 0);
        }
        else
        {
            var url = new Uri(metadata["url"]);
            Assert.Equal(("https", "headroom.headroom.svc"), (url.Scheme, url.Host));
            Assert.StartsWith(MetricsApiEndpoints.Prefix + "/namespaces/llm/workloads/", url.AbsolutePath);
            var location = metadata["valueLocation"].Split('.');
            Assert.Equal("metrics", location[0]);
            Assert.True(MetricCatalog.TryGet(location[1], out _));
            Assert.Equal("bearer", metadata["authMode"]);
        }

        var authentication = ((YamlScalarNode)((YamlMappingNode)trigger["authenticationRef"])["name"]).Value;
        var auth = Assert.Single(Load("triggerauthentication.yaml").OfType<TriggerAuthentication>(), a => a.Metadata.Name == authentication);
        // KEDA's parameter names: caCert and the client pair for the external scaler, token and ca for metrics-api bearer auth.
        var parameters = auth.Spec.SecretTargetRef.Select(r => r.Parameter).Order();
        Assert.Equal(type == "metrics-api" ? ["ca", "token"] : ["caCert", "tlsClientCert", "tlsClientKey"], parameters);
    }

    private static string Type(YamlMappingNode trigger) => ((YamlScalarNode)trigger["type"]).Value!;

    private static Dictionary<string, string> Metadata(YamlMappingNode trigger) =>
        ((YamlMappingNode)trigger["metadata"]).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!);

    private static YamlMappingNode Spec(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Examples, file))));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents.Single().RootNode)["spec"];
    }

    private static List<YamlMappingNode> Triggers(string file) => [.. ((YamlSequenceNode)Spec(file)["triggers"]).Children.Cast<YamlMappingNode>()];

    private static YamlMappingNode Modifiers(string file) => (YamlMappingNode)((YamlMappingNode)Spec(file)["advanced"])["scalingModifiers"];
}

/// <summary>keda.sh/v1alpha1 TriggerAuthentication: the fields the examples use.</summary>
public sealed class TriggerAuthentication : CustomObject<TriggerAuthenticationSpec>;

public sealed class TriggerAuthenticationSpec
{
    public List<SecretTargetRef> SecretTargetRef { get; set; } = [];
}

public sealed class SecretTargetRef
{
    public string Parameter { get; set; } = "";
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
}
