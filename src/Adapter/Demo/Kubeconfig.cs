using System.Text;

namespace Headroom.Adapter.Demo;

/// <summary>Renders a single-context kubeconfig with embedded, base64-encoded credentials.</summary>
public static class Kubeconfig
{
    /// <summary>The kubeconfig YAML.</summary>
    public static string Render(string name, string serverUrl, string caPem, string clientCertPem, string clientKeyPem, string? defaultNamespace)
    {
        static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        var ns = defaultNamespace is null ? "" : $"\n    namespace: {defaultNamespace}";
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {name}
              cluster:
                server: {serverUrl}
                certificate-authority-data: {B64(caPem)}
            users:
            - name: {name}
              user:
                client-certificate-data: {B64(clientCertPem)}
                client-key-data: {B64(clientKeyPem)}
            contexts:
            - name: {name}
              context:
                cluster: {name}
                user: {name}{ns}
            current-context: {name}

            """;
    }
}
