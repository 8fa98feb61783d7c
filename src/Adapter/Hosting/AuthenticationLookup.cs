using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Headroom.Adapter.Auth;
using k8s;

namespace Headroom.Adapter.Hosting;

/// <summary>What kube-system/extension-apiserver-authentication publishes for aggregated API servers.</summary>
/// <param name="ClientCas">The cluster's client CA (client-ca-file), when published.</param>
/// <param name="RequestHeaderCas">The front-proxy CA (requestheader-client-ca-file), when published.</param>
/// <param name="RequestHeader">Allowed proxy names and header names.</param>
public sealed record ClusterAuthentication(X509Certificate2Collection? ClientCas, X509Certificate2Collection? RequestHeaderCas, RequestHeaderOptions RequestHeader);

/// <summary>
/// Reads the CAs and requestheader settings from kube-system/extension-apiserver-authentication, as every
/// Kubernetes apiserver does when its --client-ca-file and --requestheader-* flags are not set.
/// </summary>
public static class AuthenticationLookup
{
    /// <summary>The published settings; a key that is absent leaves that setting unset.</summary>
    /// <exception cref="OptionsException">The ConfigMap cannot be read or holds something other than PEM and JSON lists.</exception>
    public static async Task<ClusterAuthentication> LoadAsync(IKubernetes api, CancellationToken cancellationToken)
    {
        IDictionary<string, string> data;
        try
        {
            var map = await api.CoreV1.ReadNamespacedConfigMapAsync("extension-apiserver-authentication", "kube-system", cancellationToken: cancellationToken);
            data = map.Data ?? new Dictionary<string, string>();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new OptionsException([$"cannot read kube-system/extension-apiserver-authentication ({ex.Message}); " +
                "grant the role extension-apiserver-authentication-reader, or set --client-ca-file and --requestheader-client-ca-file"]);
        }
        var defaults = RequestHeaderOptions.Default;
        return new ClusterAuthentication(
            Pem(data, "client-ca-file"),
            Pem(data, "requestheader-client-ca-file"),
            new RequestHeaderOptions(
                List(data, "requestheader-allowed-names") ?? defaults.AllowedNames,
                List(data, "requestheader-username-headers") ?? defaults.UsernameHeaders,
                List(data, "requestheader-group-headers") ?? defaults.GroupHeaders,
                List(data, "requestheader-extra-headers-prefix") ?? defaults.ExtraHeaderPrefixes));
    }

    private static X509Certificate2Collection? Pem(IDictionary<string, string> data, string key)
    {
        if (!data.TryGetValue(key, out var pem) || string.IsNullOrWhiteSpace(pem)) return null;
        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPem(pem);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new OptionsException([$"extension-apiserver-authentication key {key} is not a PEM bundle: {ex.Message}"]);
        }
        return cas.Count == 0 ? null : cas;
    }

    private static IReadOnlyList<string>? List(IDictionary<string, string> data, string key)
    {
        if (!data.TryGetValue(key, out var json) || string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            throw new OptionsException([$"extension-apiserver-authentication key {key} is not a JSON list of strings"]);
        }
    }
}
