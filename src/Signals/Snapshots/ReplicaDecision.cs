namespace Headroom.Signals.Snapshots;

/// <summary>Every input behind <c>headroom_desired_replicas</c>, so that an operator can see why.</summary>
/// <param name="ReadyReplicas">Ready pods now.</param>
/// <param name="BusyReplicas">Ready pods that have requests waiting; the decision never goes below this.</param>
/// <param name="CapacityPerReplica">Generated tokens per second one replica sustains.</param>
/// <param name="CapacityLearned">Whether the capacity was learned from the fleet rather than the configured prior.</param>
/// <param name="Demand">Token demand now: served tokens per second plus the growth of queued work.</param>
/// <param name="ForecastDemand">Forecast demand at now plus lead time (the configured quantile of a fitted model, else the online damped-Holt forecast).</param>
/// <param name="ForecastModel">The method behind the forecast: a fitted model's name, or damped-holt while history is too short.</param>
/// <param name="LeadTimeSeconds">Cold-start quantile plus HPA sync period plus signal lag.</param>
/// <param name="QueueTokens">Queued work in tokens.</param>
/// <param name="ForDemand">Replicas needed for the larger of demand and forecast demand.</param>
/// <param name="ForQueue">Replicas needed to serve demand and drain the queue within the target time.</param>
/// <param name="Desired">The result: the largest of the above, never below busy replicas.</param>
public sealed record ReplicaDecision(
    int ReadyReplicas,
    int BusyReplicas,
    double CapacityPerReplica,
    bool CapacityLearned,
    double Demand,
    double ForecastDemand,
    string ForecastModel,
    double LeadTimeSeconds,
    double QueueTokens,
    int ForDemand,
    int ForQueue,
    int Desired);
