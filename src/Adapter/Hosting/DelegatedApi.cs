using k8s;

namespace Headroom.Adapter.Hosting;

/// <summary>
/// Where TokenReviews and SubjectAccessReviews are sent: the kubeconfig a flag names or, when the flag is
/// absent and the adapter runs in a pod, the in-cluster config, as Kubernetes' delegating apiservers choose.
/// </summary>
public static class DelegatedApi
{
    /// <summary>The client configuration, or null when reviews are not available.</summary>
    /// <param name="flag">The flag that names the kubeconfig, for error messages.</param>
    /// <param name="kubeconfig">The kubeconfig path, when the flag is set.</param>
    /// <param name="inCluster">Whether to fall back to the in-cluster config.</param>
    /// <exception cref="OptionsException">The configuration cannot be loaded.</exception>
    public static KubernetesClientConfiguration? Resolve(string flag, string? kubeconfig, bool inCluster)
    {
        try
        {
            if (kubeconfig is not null) return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            return inCluster ? KubernetesClientConfiguration.InClusterConfig() : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var source = kubeconfig is null ? "the in-cluster config (used when the flag is absent in a pod)" : kubeconfig;
            throw new OptionsException([$"{flag}: cannot load {source}: {ex.Message}"]);
        }
    }
}
