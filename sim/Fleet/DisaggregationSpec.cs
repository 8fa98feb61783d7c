using Headroom.Fleet;

namespace Headroom.Sim.Fleet;

/// <summary>
/// fleet.yaml's <c>disaggregation:</c>: the fleet runs prefill and decode on separate replicas (<see cref="DisaggregatedFleet"/>),
/// each role of the model profile in the rest of the file, scaled by its own controller.
/// </summary>
/// <param name="Transfer">How long a prompt's KV takes to reach a decode replica.</param>
/// <param name="PrefillReplicas">Ready prefill replicas at time zero; null starts at the controller's minimum.</param>
/// <param name="DecodeReplicas">Ready decode replicas at time zero; null starts at the controller's minimum.</param>
public sealed record DisaggregationSpec(KvTransfer Transfer, int? PrefillReplicas, int? DecodeReplicas);
