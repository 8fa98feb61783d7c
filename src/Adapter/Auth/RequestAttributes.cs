namespace Headroom.Adapter.Auth;

/// <summary>What a request asks to do, in the terms of a SubjectAccessReview.</summary>
/// <param name="Verb">Kubernetes verb: get, list.</param>
/// <param name="Path">Request path, for non-resource requests.</param>
/// <param name="IsResourceRequest">Whether the request reads a resource of an API group.</param>
/// <param name="Group">API group.</param>
/// <param name="Version">API version.</param>
/// <param name="Namespace">Namespace, when namespaced.</param>
/// <param name="Resource">Resource, such as pods or deployments.apps.</param>
/// <param name="Subresource">The metric name.</param>
/// <param name="Name">Object name.</param>
public sealed record RequestAttributes(
    string Verb, string Path, bool IsResourceRequest, string? Group = null, string? Version = null,
    string? Namespace = null, string? Resource = null, string? Subresource = null, string? Name = null)
{
    /// <summary>The refusal, worded as Kubernetes words it.</summary>
    public string Forbidden(UserInfo user)
    {
        if (!IsResourceRequest) return $"user \"{user.Name}\" cannot {Verb} path \"{Path}\"";
        var resource = Subresource is null ? Resource : $"{Resource}/{Subresource}";
        var scope = Namespace is null ? "at the cluster scope" : $"in the namespace \"{Namespace}\"";
        return $"user \"{user.Name}\" cannot {Verb} resource \"{resource}\" in API group \"{Group}\" {scope}";
    }
}
