using Headroom.Adapter.Hosting;
using Headroom.Signals.Configuration;
using Headroom.Signals.Workloads;
using k8s.Models;

namespace Headroom.Adapter.Tests.Deploy;

/// <summary>
/// deploy/apiservice rendered by kubectl kustomize and checked as the cluster would read it: the
/// aggregator's APIServices, the adapter's Deployment and flags, RBAC for delegated auth and for the HPA.
/// </summary>
public sealed class ManifestTests
{
    private const string Namespace = "headroom";
    private const string Name = "headroom";
    private const string ServingSecret = "headroom-serving-cert";

    public static TheoryData<string> Kustomizations => new("base", "overlays/cert-manager", "overlays/insecure-dev", "overlays/keda");
    public static TheoryData<string> SecureKustomizations => new("base", "overlays/cert-manager", "overlays/keda");
    public static TheoryData<string> CertManagerKustomizations => new("overlays/cert-manager", "overlays/keda");

    private static readonly (string Name, string Group, string Version, int VersionPriority)[] AllApiServices =
    [
        ("v1beta1.external.metrics.k8s.io", "external.metrics.k8s.io", "v1beta1", 100),
        ("v1beta1.custom.metrics.k8s.io", "custom.metrics.k8s.io", "v1beta1", 100),
        ("v1beta2.custom.metrics.k8s.io", "custom.metrics.k8s.io", "v1beta2", 200),
    ];

    private static RenderedManifests Render(string kustomization) => RenderedManifests.Of(kustomization);

    private static V1Container Adapter(RenderedManifests m) => Assert.Single(m.Named<V1Deployment>(Name).Spec.Template.Spec.Containers);

    private static int ContainerPort(V1Container container, IntOrString port) =>
        int.TryParse(port.Value, out var number) ? number : Assert.Single(container.Ports, p => p.Name == port.Value).ContainerPort;

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Renders_offline_into_known_kinds_only(string kustomization)
    {
        var m = Render(kustomization);

        // The strict parse in RenderedManifests already failed on unknown kinds and fields.
        Assert.Equal(m.Objects.Count, m.Yaml.Split("\n---\n").Length);
        Assert.Equal(Namespace, m.Single<V1Namespace>().Metadata.Name);
        Assert.Equal(Name, m.Single<V1ServiceAccount>().Metadata.Name);
        Assert.Equal(Namespace, m.Single<V1ServiceAccount>().Metadata.NamespaceProperty);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Namespaced_objects_live_in_headroom_except_the_auth_reader_binding(string kustomization)
    {
        var m = Render(kustomization);

        var namespaced = m.Objects.OfType<IMetadata<V1ObjectMeta>>()
            .Where(o => o is not (V1Namespace or V1ClusterRole or V1ClusterRoleBinding or V1APIService)).ToList();
        Assert.NotEmpty(namespaced);
        Assert.All(namespaced.Where(o => o is not V1RoleBinding), o => Assert.Equal(Namespace, o.Metadata.NamespaceProperty));
        Assert.Equal("kube-system", Assert.Single(m.All<V1RoleBinding>()).Metadata.NamespaceProperty);
        Assert.All(m.All<V1ClusterRole>().Cast<IMetadata<V1ObjectMeta>>().Concat(m.All<V1ClusterRoleBinding>()).Concat(m.All<V1APIService>()),
            o => Assert.Null(o.Metadata.NamespaceProperty));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void ApiServices_route_each_group_version_to_the_adapter_service(string kustomization)
    {
        var m = Render(kustomization);
        var expected = kustomization == "overlays/keda"
            ? AllApiServices.Where(a => a.Group != "external.metrics.k8s.io").ToArray()
            : AllApiServices;

        var services = m.All<V1APIService>();
        Assert.Equal(expected.Select(e => e.Name).Order(), services.Select(s => s.Metadata.Name).Order());
        foreach (var (name, group, version, versionPriority) in expected)
        {
            var spec = m.Named<V1APIService>(name).Spec;
            Assert.Equal(group, spec.Group);
            Assert.Equal(version, spec.Version);
            Assert.Equal($"{version}.{group}", name);
            Assert.Equal(100, spec.GroupPriorityMinimum);
            Assert.Equal(versionPriority, spec.VersionPriority);
            Assert.Equal(Name, spec.Service.Name);
            Assert.Equal(Namespace, spec.Service.NamespaceProperty);
            Assert.Equal(443, spec.Service.Port);
        }

        // The Service port the aggregator dials reaches the adapter's HTTPS listener.
        var https = Assert.Single(m.Named<V1Service>(Name).Spec.Ports, p => p.Port == 443);
        Assert.Equal(6443, ContainerPort(Adapter(m), https.TargetPort));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Only_insecure_dev_skips_tls_verification_and_cert_manager_overlays_inject_the_ca(string kustomization)
    {
        var m = Render(kustomization);

        foreach (var service in m.All<V1APIService>())
        {
            var annotations = service.Metadata.Annotations ?? new Dictionary<string, string>();
            Assert.Null(service.Spec.CaBundle);
            switch (kustomization)
            {
                case "overlays/insecure-dev":
                    Assert.True(service.Spec.InsecureSkipTLSVerify);
                    Assert.DoesNotContain("cert-manager.io/inject-ca-from", annotations.Keys);
                    Assert.Contains("development only", annotations["headroom.dev/insecure"]);
                    break;
                case "overlays/cert-manager" or "overlays/keda":
                    Assert.NotEqual(true, service.Spec.InsecureSkipTLSVerify);
                    Assert.Equal($"{Namespace}/{ServingSecret}", annotations["cert-manager.io/inject-ca-from"]);
                    break;
                default:
                    Assert.NotEqual(true, service.Spec.InsecureSkipTLSVerify);
                    Assert.Empty(annotations);
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(CertManagerKustomizations))]
    public void Cert_manager_issues_the_service_certificate_from_a_private_ca_into_the_secret_the_adapter_mounts(string kustomization)
    {
        var m = Render(kustomization);
        Assert.All(m.All<Issuer>(), i => Assert.Equal(Namespace, i.Metadata.NamespaceProperty));
        Assert.All(m.All<Certificate>(), c => Assert.Equal(Namespace, c.Metadata.NamespaceProperty));

        // self-signed Issuer -> CA Certificate -> CA Issuer -> serving Certificate
        var selfSigned = Assert.Single(m.All<Issuer>(), i => i.Spec.SelfSigned is not null);
        var ca = Assert.Single(m.All<Certificate>(), c => c.Spec.IsCA == true);
        Assert.Equal((selfSigned.Metadata.Name, "Issuer"), (ca.Spec.IssuerRef.Name, ca.Spec.IssuerRef.Kind));
        var caIssuer = Assert.Single(m.All<Issuer>(), i => i.Spec.Ca is not null);
        Assert.Equal(ca.Spec.SecretName, caIssuer.Spec.Ca!.SecretName);

        var serving = m.Named<Certificate>(ServingSecret); // the name inject-ca-from gives
        Assert.NotEqual(true, serving.Spec.IsCA);
        Assert.Equal((caIssuer.Metadata.Name, "Issuer"), (serving.Spec.IssuerRef.Name, serving.Spec.IssuerRef.Kind));
        Assert.Equal(ServingSecret, serving.Spec.SecretName);
        Assert.Contains("server auth", serving.Spec.Usages);
        Assert.Equal(["headroom.headroom.svc", "headroom.headroom.svc.cluster.local"], serving.Spec.DnsNames.Order());
        // ... and KEDA's client certificate, from the same CA the adapter's --keda-client-ca-file (the serving Secret's ca.crt) names.
        var keda = Assert.Single(m.All<Certificate>(), c => c.Spec.Usages?.Contains("client auth") == true);
        Assert.Equal((caIssuer.Metadata.Name, "Issuer"), (keda.Spec.IssuerRef.Name, keda.Spec.IssuerRef.Kind));
        Assert.DoesNotContain("server auth", keda.Spec.Usages!);
        Assert.Equal(3, m.All<Certificate>().Count);

        var pod = m.Named<V1Deployment>(Name).Spec.Template.Spec;
        Assert.Contains(pod.Volumes, v => v.Secret?.SecretName == ServingSecret);
    }

    [Fact]
    public void Keda_overlay_is_the_cert_manager_overlay_without_the_external_metrics_apiservice()
    {
        var certManager = Render("overlays/cert-manager");
        var keda = Render("overlays/keda");

        Assert.Equal(certManager.Objects.Count - 1, keda.Objects.Count);
        var dropped = certManager.Yaml.Split("\n---\n").Except(keda.Yaml.Split("\n---\n")).Single();
        Assert.Contains("name: v1beta1.external.metrics.k8s.io", dropped);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Deployment_runs_two_hardened_replicas_spread_over_nodes(string kustomization)
    {
        var m = Render(kustomization);
        var deployment = m.Named<V1Deployment>(Name);
        var pod = deployment.Spec.Template.Spec;
        var container = Adapter(m);

        Assert.Equal(Namespace, deployment.Metadata.NamespaceProperty);
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal(Name, pod.ServiceAccountName);
        Assert.NotEqual(false, pod.AutomountServiceAccountToken); // the in-cluster config serves TokenReview and SubjectAccessReview
        Assert.StartsWith("ghcr.io/headroom/headroom:", container.Image);

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        var security = container.SecurityContext;
        Assert.True(security.RunAsNonRoot);
        Assert.True(security.ReadOnlyRootFilesystem);
        Assert.False(security.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], security.Capabilities.Drop);
        Assert.Null(security.Capabilities.Add);
        Assert.Null(security.Privileged);
        Assert.Equal("RuntimeDefault", security.SeccompProfile.Type);

        var tmp = Assert.Single(container.VolumeMounts, v => v.MountPath == "/tmp");
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tmp.Name).EmptyDir);

        foreach (var resource in new[] { "cpu", "memory" })
        {
            Assert.True(container.Resources.Requests.ContainsKey(resource), $"no {resource} request");
            Assert.True(container.Resources.Limits.ContainsKey(resource), $"no {resource} limit");
            Assert.True(container.Resources.Requests[resource].ToDecimal() <= container.Resources.Limits[resource].ToDecimal());
        }

        var podLabels = deployment.Spec.Template.Metadata.Labels;
        Assert.All(deployment.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
        var spread = Assert.Single(pod.TopologySpreadConstraints, t => t.TopologyKey == "kubernetes.io/hostname");
        Assert.Equal(1, spread.MaxSkew);
        Assert.All(spread.LabelSelector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
        var antiAffinity = Assert.Single(pod.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", antiAffinity.PodAffinityTerm.TopologyKey);
        Assert.All(antiAffinity.PodAffinityTerm.LabelSelector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Probes_ask_livez_and_readyz_over_https_on_the_secure_port(string kustomization)
    {
        var m = Render(kustomization);
        var container = Adapter(m);

        foreach (var (probe, path) in new[] { (container.LivenessProbe, "/livez"), (container.ReadinessProbe, "/readyz") })
        {
            Assert.NotNull(probe?.HttpGet);
            Assert.Equal(path, probe.HttpGet.Path);
            Assert.Equal("HTTPS", probe.HttpGet.Scheme);
            Assert.Equal(6443, ContainerPort(container, probe.HttpGet.Port));
            // Kubelet probes carry no credentials: the path must be always-allowed.
            Assert.Contains(path, Headroom.Adapter.Auth.AuthOptions.DefaultAlwaysAllowPaths);
        }
    }

    [Theory]
    [MemberData(nameof(SecureKustomizations))]
    public async Task Args_are_real_flags_that_name_the_mounted_config_and_serving_certificate(string kustomization)
    {
        var m = Render(kustomization);
        var container = Adapter(m);
        Assert.Null(container.Command); // the image's entrypoint runs the adapter
        Assert.Equal(
            ["--secure-port=6443", "--metrics-port=8080", "--config=/etc/headroom/config.yaml",
             "--tls-cert-file=/var/run/serving-cert/tls.crt", "--tls-private-key-file=/var/run/serving-cert/tls.key",
             "--keda-client-ca-file=/var/run/serving-cert/ca.crt"],
            container.Args);

        var options = await ParseFlags(container.Args);

        Assert.Equal(6443, options.SecurePort);
        Assert.Equal(8080, options.MetricsPort);
        Assert.False(options.Demo);
        AssertFileComesFrom(m, options.ConfigFile!, volume => volume.ConfigMap is { } c && m.Named<V1ConfigMap>(c.Name).Data.ContainsKey(Path.GetFileName(options.ConfigFile!)));
        AssertFileComesFrom(m, options.TlsCertFile!, volume => volume.Secret?.SecretName == ServingSecret);
        AssertFileComesFrom(m, options.TlsPrivateKeyFile!, volume => volume.Secret?.SecretName == ServingSecret);
        AssertFileComesFrom(m, options.KedaClientCaFile!, volume => volume.Secret?.SecretName == ServingSecret);
        Assert.Equal(["tls.crt", "tls.key", "ca.crt"], new[] { options.TlsCertFile!, options.TlsPrivateKeyFile!, options.KedaClientCaFile! }.Select(Path.GetFileName));
    }

    [Fact]
    public async Task Insecure_dev_drops_only_the_certificate_flags_and_volume_and_opens_the_KEDA_port_explicitly()
    {
        var secure = Adapter(Render("base"));
        var dev = Render("overlays/insecure-dev");
        var container = Adapter(dev);

        Assert.Equal(secure.Args.Where(a => !a.StartsWith("--tls-", StringComparison.Ordinal) && !a.StartsWith("--keda-client-ca-file", StringComparison.Ordinal))
            .Append("--keda-allow-unauthenticated"), container.Args);
        var options = await ParseFlags(container.Args);
        Assert.True(options.KedaAllowUnauthenticated);
        Assert.Null(options.TlsCertFile); // the adapter generates a self-signed certificate
        Assert.Null(options.TlsPrivateKeyFile);
        Assert.DoesNotContain(dev.Named<V1Deployment>(Name).Spec.Template.Spec.Volumes, v => v.Secret is not null);
        Assert.DoesNotContain(container.VolumeMounts, v => v.MountPath == "/var/run/serving-cert");
        AssertFileComesFrom(dev, options.ConfigFile!, volume => volume.ConfigMap is not null);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Service_exposes_https_grpc_and_metrics_on_the_adapter_pods(string kustomization)
    {
        var m = Render(kustomization);
        var service = m.Named<V1Service>(Name);
        var container = Adapter(m);
        var podLabels = m.Named<V1Deployment>(Name).Spec.Template.Metadata.Labels;

        Assert.NotEmpty(service.Spec.Selector);
        Assert.All(service.Spec.Selector, l => Assert.Equal(l.Value, podLabels[l.Key]));
        var ports = service.Spec.Ports.ToDictionary(p => p.Name, p => (p.Port, Target: ContainerPort(container, p.TargetPort)));
        Assert.Equal((443, 6443), ports["https"]);
        Assert.Equal((9443, 9443), ports["grpc"]);
        Assert.Equal((8080, 8080), ports["metrics"]);
        Assert.Equal(3, ports.Count);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Disruption_budget_keeps_one_adapter_up(string kustomization)
    {
        var m = Render(kustomization);
        var budget = m.Named<V1PodDisruptionBudget>(Name);
        var podLabels = m.Named<V1Deployment>(Name).Spec.Template.Metadata.Labels;

        Assert.Equal(Namespace, budget.Metadata.NamespaceProperty);
        Assert.Equal("1", budget.Spec.MinAvailable.Value);
        Assert.Null(budget.Spec.MaxUnavailable);
        Assert.NotEmpty(budget.Spec.Selector.MatchLabels);
        Assert.All(budget.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Service_monitor_scrapes_the_metrics_port(string kustomization)
    {
        var m = Render(kustomization);
        var monitor = m.Single<ServiceMonitor>();
        var service = m.Named<V1Service>(Name);

        Assert.Equal(Namespace, monitor.Metadata.NamespaceProperty);
        Assert.All(monitor.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, service.Metadata.Labels[l.Key]));
        var endpoint = Assert.Single(monitor.Spec.Endpoints);
        Assert.Equal("metrics", endpoint.Port);
        Assert.Equal("/metrics", endpoint.Path ?? "/metrics");
        Assert.Equal("http", endpoint.Scheme ?? "http");
        Assert.Contains(service.Spec.Ports, p => p.Name == endpoint.Port);
        // The series' own namespace and pod labels name workloads and their pods, not the adapter's target.
        Assert.True(endpoint.HonorLabels);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Rbac_delegates_auth_and_lets_the_hpa_controller_read_metrics(string kustomization)
    {
        var m = Render(kustomization);
        var adapter = (Kind: "ServiceAccount", Namespace: (string?)Namespace, Name);

        var delegator = Assert.Single(m.All<V1ClusterRoleBinding>(), b => b.RoleRef.Name == "system:auth-delegator");
        Assert.Equal("ClusterRole", delegator.RoleRef.Kind);
        Assert.Equal([adapter], Subjects(delegator.Subjects));

        var reader = Assert.Single(m.All<V1RoleBinding>());
        Assert.Equal("kube-system", reader.Metadata.NamespaceProperty);
        Assert.Equal(("Role", "extension-apiserver-authentication-reader"), (reader.RoleRef.Kind, reader.RoleRef.Name));
        Assert.Equal([adapter], Subjects(reader.Subjects));

        // Pods list/watch and read-only nodes, bound to the adapter.
        var resourceBinding = Assert.Single(m.All<V1ClusterRoleBinding>(), b => b.RoleRef.Name == "headroom-resource-reader");
        Assert.Equal([adapter], Subjects(resourceBinding.Subjects));
        var resourceRules = m.Named<V1ClusterRole>("headroom-resource-reader").Rules;
        Assert.True(Allows(resourceRules, "", "pods", "get", "list", "watch"));
        Assert.True(Allows(resourceRules, "", "nodes", "get", "list"));
        Assert.All(resourceRules, r => Assert.Subset(new HashSet<string> { "get", "list", "watch" }, r.Verbs.ToHashSet()));

        // The HPA controller reads both metrics groups; the adapter's SubjectAccessReview asks exactly this.
        var metricsReader = m.Named<V1ClusterRole>("headroom-metrics-reader");
        Assert.True(Allows(metricsReader.Rules, "custom.metrics.k8s.io", "pods", "get", "list"));
        Assert.True(Allows(metricsReader.Rules, "external.metrics.k8s.io", "headroom_desired_replicas", "get", "list"));
        Assert.All(metricsReader.Rules, r => Assert.Subset(new HashSet<string> { "get", "list" }, r.Verbs.ToHashSet()));
        var hpa = Assert.Single(m.All<V1ClusterRoleBinding>(), b => b.RoleRef.Name == metricsReader.Metadata.Name);
        Assert.Equal("ClusterRole", hpa.RoleRef.Kind);
        Assert.Equal([("ServiceAccount", (string?)"kube-system", "horizontal-pod-autoscaler")], Subjects(hpa.Subjects));

        // No binding refers to a role that is neither rendered nor built in.
        var rendered = m.All<V1ClusterRole>().Select(r => r.Metadata.Name).ToHashSet();
        Assert.All(m.All<V1ClusterRoleBinding>(), b => Assert.True(rendered.Contains(b.RoleRef.Name) || b.RoleRef.Name.StartsWith("system:"), b.RoleRef.Name));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Config_map_holds_a_config_the_adapter_accepts(string kustomization)
    {
        var m = Render(kustomization);
        var configMap = m.Named<V1ConfigMap>("headroom-config");

        Assert.Equal(Namespace, configMap.Metadata.NamespaceProperty);
        var config = ConfigLoader.Parse(configMap.Data["config.yaml"], "headroom-config/config.yaml");

        Assert.Equal(new Uri("http://prometheus-operated.monitoring.svc:9090"), config.Prometheus!.Url);
        var workload = Assert.Single(config.Workloads);
        Assert.Equal("chat", workload.Name);
        Assert.Equal(("llm", EngineKind.Vllm, SourceKind.Prometheus), (workload.Namespace, workload.Engine, workload.Source));
        Assert.Equal("chat", workload.SeriesLabels["job"]);
        Assert.True(workload.Dcgm);
    }

    private static async Task<AdapterOptions> ParseFlags(IList<string> args)
    {
        AdapterOptions? seen = null;
        var command = AdapterCommandLine.Build((options, _) =>
        {
            seen = options;
            return Task.FromResult(0);
        });
        var parsed = command.Parse(args.ToArray());
        Assert.Empty(parsed.Errors.Select(e => e.Message));
        Assert.Equal(0, await parsed.InvokeAsync());
        return Assert.IsType<AdapterOptions>(seen);
    }

    /// <summary>The path lies in a read-only mount of a volume that <paramref name="source"/> accepts.</summary>
    private static void AssertFileComesFrom(RenderedManifests m, string path, Func<V1Volume, bool> source)
    {
        var pod = m.Named<V1Deployment>(Name).Spec.Template.Spec;
        var mount = Assert.Single(Assert.Single(pod.Containers).VolumeMounts, v => Path.GetDirectoryName(path) == v.MountPath.TrimEnd('/'));
        Assert.True(mount.ReadOnlyProperty, $"{mount.MountPath} is writable");
        Assert.True(source(Assert.Single(pod.Volumes, v => v.Name == mount.Name)), $"{path} is not where it should come from");
    }

    private static List<(string Kind, string? Namespace, string Name)> Subjects(IEnumerable<Rbacv1Subject> subjects) =>
        subjects.Select(s => (s.Kind, (string?)s.NamespaceProperty, s.Name)).ToList();

    private static bool Allows(IEnumerable<V1PolicyRule> rules, string group, string resource, params string[] verbs) =>
        verbs.All(verb => rules.Any(r =>
            (r.ApiGroups ?? []).Any(g => g == group || g == "*") &&
            (r.Resources ?? []).Any(x => x == resource || x == "*") &&
            r.Verbs.Any(v => v == verb || v == "*")));
}
