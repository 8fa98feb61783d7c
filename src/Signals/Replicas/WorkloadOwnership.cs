using System.Threading.Channels;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging;

namespace Headroom.Signals.Replicas;

/// <summary>
/// Assigns the configured workloads over the live members by rendezvous hashing, and moves learned state through the
/// checkpoint store: loaded when this replica takes a workload over, written off the cycle when the pipeline saves it.
/// </summary>
public sealed class WorkloadOwnership : IWorkloadOwnership
{
    private readonly IReadOnlyList<WorkloadSpec> _workloads;
    private readonly Dictionary<(string, string), WorkloadSpec> _byKey;
    private readonly ReplicaOptions _options;
    private readonly CheckpointStore _store;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    // The latest checkpoint of each workload not yet written: a slow API coalesces saves instead of queueing them.
    private readonly Dictionary<(string, string), (WorkloadSpec Spec, WorkloadCheckpoint Checkpoint)> _pending = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile Assignment _assignment;

    /// <summary>Creates the assignment of <paramref name="workloads"/>; this replica owns none until the first membership.</summary>
    public WorkloadOwnership(IReadOnlyList<WorkloadSpec> workloads, ReplicaOptions options, CheckpointStore store, ILogger logger)
    {
        _workloads = workloads;
        _byKey = workloads.ToDictionary(w => (w.Namespace, w.Id));
        _options = options;
        _store = store;
        _logger = logger;
        _assignment = new Assignment(Membership.Unknown(options.Identity), new Dictionary<(string, string), Member?>());
    }

    /// <summary>The membership the assignment follows.</summary>
    public Membership Membership => _assignment.Membership;

    /// <inheritdoc />
    public TimeSpan CheckpointInterval => _options.CheckpointInterval;

    /// <summary>Follows the latest membership; workloads move only when the members changed.</summary>
    public void Update(Membership membership)
    {
        var current = _assignment;
        if (current.Membership.SameMembers(membership) && current.Membership.Self == membership.Self)
        {
            _assignment = current with { Membership = membership };
            return;
        }
        var owners = new Dictionary<(string, string), Member?>(_workloads.Count);
        foreach (var w in _workloads) owners[(w.Namespace, w.Id)] = Rendezvous.Owner(Key(w), membership.Members);
        _assignment = new Assignment(membership, owners);
        _logger.LogInformation("Replica group {Group} has {Members} live members ({Names}); this replica ({Self}) owns {Owned} of {Workloads} workloads",
            _options.Group, membership.Members.Count, string.Join(", ", membership.Members.Select(m => m.Identity)), membership.Self,
            owners.Values.Count(o => o?.Identity == membership.Self), _workloads.Count);
    }

    /// <inheritdoc />
    public bool Owns(WorkloadSpec workload) => OwnerOf(workload)?.Identity == _options.Identity;

    /// <summary>The member that owns the workload now; null before the first membership.</summary>
    public Member? OwnerOf(WorkloadSpec workload) =>
        _assignment.Owners.TryGetValue((workload.Namespace, workload.Id), out var owner) ? owner : null;

    /// <inheritdoc />
    public async Task<WorkloadCheckpoint?> TakeOverAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        try
        {
            var checkpoint = await _store.LoadAsync(workload, cancellationToken);
            if (checkpoint is null)
                _logger.LogInformation("Took over workload {Namespace}/{Workload} with no checkpoint: it starts from its priors", workload.Namespace, workload.Id);
            else
                _logger.LogInformation("Took over workload {Namespace}/{Workload} from its checkpoint of {SavedAt:O}: {ColdStarts} cold starts, capacity learned for prefill {Prefill} and decode {Decode}, {Steps} steps of demand history",
                    workload.Namespace, workload.Id, checkpoint.SavedAt, checkpoint.ColdStarts.Count, checkpoint.PrefillTokensPerSecond is not null,
                    checkpoint.DecodeTokensPerSecond is not null, checkpoint.Demand?.Values.Count ?? 0);
            return checkpoint;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Waiting for the API would leave the workload unobserved, and stale; its priors serve meanwhile.
            _logger.LogWarning(ex, "Reading the checkpoint of workload {Namespace}/{Workload} failed; it starts from its priors", workload.Namespace, workload.Id);
            return null;
        }
    }

    /// <inheritdoc />
    public void Save(WorkloadCheckpoint checkpoint)
    {
        if (!_byKey.TryGetValue((checkpoint.Namespace, checkpoint.Workload), out var spec)) return;
        lock (_gate) _pending[(spec.Namespace, spec.Id)] = (spec, checkpoint);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Writes saved checkpoints as they come, until cancelled; failures are logged and the next save retries.</summary>
    public async Task WriteCheckpointsAsync(CancellationToken cancellationToken)
    {
        while (await _wake.Reader.WaitToReadAsync(cancellationToken))
        {
            _wake.Reader.TryRead(out _);
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Writes every checkpoint saved and not yet written.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        (WorkloadSpec Spec, WorkloadCheckpoint Checkpoint)[] batch;
        lock (_gate)
        {
            batch = _pending.Values.ToArray();
            _pending.Clear();
        }
        foreach (var (spec, checkpoint) in batch)
        {
            try
            {
                await _store.SaveAsync(spec, checkpoint, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Writing the checkpoint of workload {Namespace}/{Workload} failed; the next checkpoint tries again", spec.Namespace, spec.Id);
            }
        }
    }

    private static string Key(WorkloadSpec workload) => $"{workload.Namespace}/{workload.Id}";

    private sealed record Assignment(Membership Membership, IReadOnlyDictionary<(string, string), Member?> Owners);
}
