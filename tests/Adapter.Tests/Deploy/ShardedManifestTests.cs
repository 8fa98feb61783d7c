using Headroom.Adapter.Hosting;
using k8s.Models;

namespace Headroom.Adapter.Tests.Deploy;

/// <summary>
/// The sharded overlay: the cert-manager deployment plus --shard-workloads, the downward-API variables the replica
/// names itself and its address from, and a Role, in the adapter's namespace only, for its Leases and checkpoints.
/// </summary>
public sealed class ShardedManifestTests
{
    private static readonly RenderedManifests Sharded = RenderedManifests.Of("overlays/sharded");

    private static V1Container Adapter => Assert.Single(Sharded.Named<V1Deployment>("headroom").Spec.Template.Spec.Containers);

    [Fact]
    public async Task The_replicas_share_workloads_and_take_their_names_and_addresses_from_the_pod()
    {
        Assert.Equal(Adapter.Args.Take(Adapter.Args.Count - 1), Assert.Single(RenderedManifests.Of("overlays/cert-manager").Named<V1Deployment>("headroom").Spec.Template.Spec.Containers).Args);
        Assert.Equal("--shard-workloads", Adapter.Args[^1]);
        var fields = Adapter.Env.Where(e => e.ValueFrom?.FieldRef is not null).ToDictionary(e => e.Name, e => e.ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.name", fields["POD_NAME"]);
        Assert.Equal("metadata.namespace", fields["POD_NAMESPACE"]);
        Assert.Equal("status.podIP", fields["POD_IP"]);
        Assert.True(Sharded.Named<V1Deployment>("headroom").Spec.Replicas >= 2);

        AdapterOptions? seen = null;
        var parsed = AdapterCommandLine.Build((options, _) =>
        {
            seen = options;
            return Task.FromResult(0);
        }).Parse(Adapter.Args.ToArray());
        Assert.Empty(parsed.Errors);
        await parsed.InvokeAsync();
        Assert.True(seen!.ShardWorkloads);
        Assert.NotNull(seen.TlsCertFile);
    }

    [Fact]
    public void The_service_account_may_keep_leases_and_checkpoints_in_its_own_namespace_only()
    {
        var role = Sharded.Named<V1Role>("headroom-replicas");
        Assert.Equal("headroom", role.Metadata.NamespaceProperty);
        var leases = Assert.Single(role.Rules, r => r.ApiGroups.SequenceEqual(["coordination.k8s.io"]));
        Assert.Equal(["leases"], leases.Resources);
        Assert.Equal(["create", "delete", "get", "list", "update"], leases.Verbs.Order());
        var configMaps = Assert.Single(role.Rules, r => r.ApiGroups.SequenceEqual([""]));
        Assert.Equal(["configmaps"], configMaps.Resources);
        Assert.Equal(["create", "get", "update"], configMaps.Verbs.Order());

        var binding = Sharded.Named<V1RoleBinding>("headroom-replicas");
        Assert.Equal("headroom", binding.Metadata.NamespaceProperty);
        Assert.Equal(("Role", "headroom-replicas"), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "headroom", "headroom"), (subject.Kind, subject.Name, subject.NamespaceProperty));
    }
}
