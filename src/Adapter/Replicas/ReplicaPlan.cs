using Headroom.Signals.Replicas;
using k8s;

namespace Headroom.Adapter.Replicas;

/// <summary>How this replica shares workloads with the others of its group.</summary>
/// <param name="Options">Group, identity, lease and checkpoint timing.</param>
/// <param name="Api">The API that holds the member Leases and the checkpoint ConfigMaps.</param>
/// <param name="PeerAddress">The address peers read this replica at; null derives it from the secure port once bound.</param>
public sealed record ReplicaPlan(ReplicaOptions Options, KubernetesClientConfiguration Api, Uri? PeerAddress = null);
