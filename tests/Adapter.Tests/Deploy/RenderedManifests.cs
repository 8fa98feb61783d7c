using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace Headroom.Adapter.Tests.Deploy;

/// <summary>
/// One kustomization under deploy/apiservice rendered by the real <c>kubectl kustomize</c> (offline) and
/// parsed strictly into KubernetesClient's typed models, so an unknown or misspelt field fails the parse.
/// </summary>
public sealed class RenderedManifests
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedManifests>> Cache = new();

    /// <summary>Every apiVersion/kind the manifests may hold; anything else fails the parse.</summary>
    private static readonly Dictionary<string, Type> TypeMap = new()
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["v1/Service"] = typeof(V1Service),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = typeof(V1ClusterRole),
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = typeof(V1ClusterRoleBinding),
        ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
        ["apiregistration.k8s.io/v1/APIService"] = typeof(V1APIService),
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
        ["cert-manager.io/v1/Issuer"] = typeof(Issuer),
        ["cert-manager.io/v1/Certificate"] = typeof(Certificate),
    };

    private RenderedManifests(string kustomization, string yaml)
    {
        Kustomization = kustomization;
        Yaml = yaml;
        try
        {
            Objects = KubernetesYaml.LoadAllFromString(yaml, TypeMap, strict: true);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or KeyNotFoundException)
        {
            // An unknown apiVersion/kind is a KeyNotFoundException; an unknown field a YamlException.
            throw new InvalidOperationException($"kubectl kustomize {kustomization}: not valid against the API types: {ex.Message} {ex.InnerException?.Message}", ex);
        }
    }

    /// <summary>The kustomization, relative to deploy/apiservice.</summary>
    public string Kustomization { get; }

    /// <summary>What kubectl printed.</summary>
    public string Yaml { get; }

    /// <summary>Every rendered object, in order.</summary>
    public IReadOnlyList<object> Objects { get; }

    /// <summary>The objects of one type.</summary>
    public IReadOnlyList<T> All<T>() => Objects.OfType<T>().ToList();

    /// <summary>The one object of a type with a name, or a failed assertion.</summary>
    public T Named<T>(string name) where T : IMetadata<V1ObjectMeta> =>
        Assert.Single(All<T>(), o => o.Metadata.Name == name);

    /// <summary>The one object of a type, or a failed assertion.</summary>
    public T Single<T>() => Assert.Single(All<T>());

    /// <summary>Renders (once per test run) deploy/apiservice/<paramref name="kustomization"/>.</summary>
    public static RenderedManifests Of(string kustomization) =>
        Cache.GetOrAdd(kustomization, k => new Lazy<RenderedManifests>(() => Render(k))).Value;

    private static RenderedManifests Render(string kustomization)
    {
        var directory = Path.Combine(RepositoryRoot, "deploy", "apiservice", kustomization);
        Assert.True(Directory.Exists(directory), $"{directory} does not exist");
        var (exitCode, stdout, stderr) = Kustomize(directory);
        Assert.True(exitCode == 0, $"kubectl kustomize {kustomization} exited {exitCode}: {stderr}");
        Assert.False(string.IsNullOrWhiteSpace(stdout), $"kubectl kustomize {kustomization} printed nothing");
        return new RenderedManifests(kustomization, stdout);
    }

    /// <summary>Runs <c>/usr/bin/kubectl kustomize</c>; it needs no cluster and no network.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Kustomize(string directory)
    {
        var start = new ProcessStartInfo(Kubectl.Kubectl.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"kubectl kustomize {directory} did not finish within 30 s");
        }
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>The folder holding Headroom.slnx, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Headroom.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Headroom.slnx above {AppContext.BaseDirectory}");
    }
}

// Custom resources without KubernetesClient models: only the fields the manifests use, so the strict
// parse also rejects anything unexpected. Property names map to YAML in camelCase.

/// <summary>The common header of a custom resource.</summary>
public abstract class CustomObject<TSpec> : IMetadata<V1ObjectMeta> where TSpec : new()
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public TSpec Spec { get; set; } = new();
}

/// <summary>monitoring.coreos.com/v1 ServiceMonitor.</summary>
public sealed class ServiceMonitor : CustomObject<ServiceMonitorSpec>;

public sealed class ServiceMonitorSpec
{
    public V1LabelSelector Selector { get; set; } = new();
    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}

public sealed class ServiceMonitorEndpoint
{
    public string? Port { get; set; }
    public string? Path { get; set; }
    public string? Scheme { get; set; }
    public string? Interval { get; set; }
    public bool? HonorLabels { get; set; }
}

/// <summary>cert-manager.io/v1 Issuer.</summary>
public sealed class Issuer : CustomObject<IssuerSpec>;

public sealed class IssuerSpec
{
    public Dictionary<string, object>? SelfSigned { get; set; }
    public CaIssuer? Ca { get; set; }
}

public sealed class CaIssuer
{
    public string? SecretName { get; set; }
}

/// <summary>cert-manager.io/v1 Certificate.</summary>
public sealed class Certificate : CustomObject<CertificateSpec>;

public sealed class CertificateSpec
{
    [YamlMember(Alias = "isCA")]
    public bool? IsCA { get; set; }
    public List<string> Usages { get; set; } = [];
    public string? SecretName { get; set; }
    public string? CommonName { get; set; }
    public List<string> DnsNames { get; set; } = [];
    public string? Duration { get; set; }
    public string? RenewBefore { get; set; }
    public CertificatePrivateKey? PrivateKey { get; set; }
    public CertificateIssuerRef IssuerRef { get; set; } = new();
}

public sealed class CertificatePrivateKey
{
    public string? Algorithm { get; set; }
    public int? Size { get; set; }
    public string? RotationPolicy { get; set; }
}

public sealed class CertificateIssuerRef
{
    public string? Name { get; set; }
    public string? Kind { get; set; }
    public string? Group { get; set; }
}
