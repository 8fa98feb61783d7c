namespace Headroom.Serving.Provider;

/// <summary>A Kubernetes resource qualified by its API group, written as clients write it: <c>pods</c>, <c>deployments.apps</c>.</summary>
public readonly record struct GroupResource(string Group, string Resource)
{
    /// <summary>Splits <c>resource.group</c>; a name without a dot is in the core group.</summary>
    public static GroupResource Parse(string qualified)
    {
        var dot = qualified.IndexOf('.');
        return dot < 0 ? new("", qualified) : new(qualified[(dot + 1)..], qualified[..dot]);
    }

    /// <inheritdoc />
    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}
