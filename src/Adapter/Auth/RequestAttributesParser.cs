namespace Headroom.Adapter.Auth;

/// <summary>
/// Derives SubjectAccessReview attributes from a path as Kubernetes' RequestInfo resolver does:
/// <c>/apis/{group}/{version}[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]</c>; a get without a name is a list.
/// </summary>
public static class RequestAttributesParser
{
    /// <summary>The attributes of a GET request for the path.</summary>
    public static RequestAttributes FromPath(string path)
    {
        var parts = path.Trim('/').Split('/');
        if (parts.Length < 4 || parts[0] != "apis") return new RequestAttributes("get", path, false);

        var (group, version) = (parts[1], parts[2]);
        var rest = parts.AsSpan(3);
        string? ns = null;
        if (rest.Length >= 2 && rest[0] == "namespaces" && rest.Length > 2)
        {
            ns = rest[1];
            rest = rest[2..];
        }
        else if (rest.Length == 2 && rest[0] == "namespaces")
        {
            // The namespace object itself.
            return new RequestAttributes("get", path, true, group, version, rest[1], "namespaces", null, rest[1]);
        }

        var resource = rest[0];
        var name = rest.Length > 1 && rest[1] != "*" ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        return new RequestAttributes(name is null ? "list" : "get", path, true, group, version, ns, resource, subresource, name);
    }
}
