using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Workloads;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Headroom.Signals.Replicas;

/// <summary>
/// Keeps each workload's <see cref="WorkloadCheckpoint"/> in a ConfigMap of its own in the adapter's namespace, written
/// with the resourceVersion last read, so that two writers never silently overwrite each other.
/// </summary>
public sealed class CheckpointStore(IKubernetes client, ReplicaOptions options, ILogger logger)
{
    /// <summary>The key of the checkpoint in the ConfigMap's data.</summary>
    public const string DataKey = "checkpoint.json";

    /// <summary>The annotation that names the workload a ConfigMap holds the state of.</summary>
    public const string WorkloadAnnotation = "headroom.dev/workload";

    /// <summary>The ConfigMap that holds a workload's checkpoint: a hash of its namespace and name, which may be longer than a name allows.</summary>
    public string ConfigMapName(WorkloadSpec workload)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{workload.Namespace}/{workload.Id}"));
        return $"{options.Group}-state-{Convert.ToHexStringLower(hash)[..16]}";
    }

    /// <summary>The workload's checkpoint; null when there is none or it cannot be restored (logged).</summary>
    /// <exception cref="HttpOperationException">The API failed.</exception>
    public async Task<WorkloadCheckpoint?> LoadAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        var map = await ReadAsync(workload, cancellationToken);
        if (map?.Data?.TryGetValue(DataKey, out var json) != true) return null;
        WorkloadCheckpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize(json!, ReplicaJsonContext.Default.WorkloadCheckpoint);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("The checkpoint of workload {Namespace}/{Workload} in ConfigMap {ConfigMap} is not valid JSON ({Problem}); it starts from its priors",
                workload.Namespace, workload.Id, map!.Metadata.Name, ex.Message);
            return null;
        }
        var problems = checkpoint?.Problems(workload.Namespace, workload.Id) ?? ["it is empty"];
        if (problems.Count == 0) return checkpoint;
        logger.LogWarning("The checkpoint of workload {Namespace}/{Workload} in ConfigMap {ConfigMap} cannot be restored ({Problems}); it starts from its priors",
            workload.Namespace, workload.Id, map!.Metadata.Name, string.Join("; ", problems));
        return null;
    }

    /// <summary>Writes a checkpoint, creating the ConfigMap the first time; a conflicting write is read again and retried once.</summary>
    /// <exception cref="HttpOperationException">The API failed, or the conflict persisted.</exception>
    public async Task SaveAsync(WorkloadSpec workload, WorkloadCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(checkpoint, ReplicaJsonContext.Default.WorkloadCheckpoint);
        for (var attempt = 0; ; attempt++)
        {
            var map = await ReadAsync(workload, cancellationToken);
            try
            {
                if (map is null)
                {
                    await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
                    {
                        Metadata = new V1ObjectMeta
                        {
                            Name = ConfigMapName(workload),
                            NamespaceProperty = options.Namespace,
                            Labels = new Dictionary<string, string> { [ReplicaOptions.GroupLabel] = options.Group },
                            Annotations = new Dictionary<string, string> { [WorkloadAnnotation] = $"{workload.Namespace}/{workload.Id}" },
                        },
                        Data = new Dictionary<string, string> { [DataKey] = json },
                    }, options.Namespace, cancellationToken: cancellationToken);
                }
                else
                {
                    map.Data = new Dictionary<string, string> { [DataKey] = json };
                    await client.CoreV1.ReplaceNamespacedConfigMapAsync(map, map.Metadata.Name, options.Namespace, cancellationToken: cancellationToken);
                }
                return;
            }
            catch (HttpOperationException ex) when (attempt == 0 && ex.Response.StatusCode is HttpStatusCode.Conflict)
            {
                // Written (or created) by someone else since it was read: the owner's latest state is what counts.
            }
        }
    }

    private async Task<V1ConfigMap?> ReadAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedConfigMapAsync(ConfigMapName(workload), options.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
