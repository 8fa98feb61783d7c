namespace Headroom.Signals.Workloads;

/// <summary>One inference workload that Headroom watches, as configured.</summary>
public sealed record WorkloadSpec
{
    /// <summary>The workload's name: the value of label <c>workload=</c> in metric selectors.</summary>
    public required string Name { get; init; }

    /// <summary>Namespace of the workload's pods.</summary>
    public required string Namespace { get; init; }

    /// <summary>The Deployment that runs the pods; Object metrics are served on it. Defaults to the workload name.</summary>
    public string? Deployment { get; init; }

    /// <summary>Label selector of the workload's pods, in Kubernetes selector syntax.</summary>
    public string Selector { get; init; } = "";

    /// <summary>Inference engine that the pods run.</summary>
    public EngineKind Engine { get; init; } = EngineKind.Vllm;

    /// <summary>Prior for generated tokens per second one replica decodes at its largest batch; replaced once capacity is learned.</summary>
    public double TokensPerSecondPerReplica { get; init; } = 2000;

    /// <summary>Prior for prompt tokens per second one replica prefills when it does nothing else; replaced once capacity is learned.</summary>
    public double PrefillTokensPerSecondPerReplica { get; init; } = 20_000;

    /// <summary>Tokens one replica's KV cache holds: turns KV-cache use into tokens, and tokens into requests.</summary>
    public double KvCacheTokensPerReplica { get; init; } = 400_000;

    /// <summary>The time to first token that requests must meet; sizes prefill.</summary>
    public TimeSpan TtftObjective { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The share of requests that must meet <see cref="TtftObjective"/>.</summary>
    public double SloAttainment { get; init; } = 0.99;

    /// <summary>The capacity prior: the configured model profile of one replica.</summary>
    public Planning.ReplicaCapacity CapacityPrior => new(PrefillTokensPerSecondPerReplica, TokensPerSecondPerReplica, KvCacheTokensPerReplica);

    /// <summary>The latency objective the planner sizes for.</summary>
    public Planning.ServiceObjective Objective => new(TtftObjective, SloAttainment);

    /// <summary>Prior for the time a new replica takes to become ready, used until enough pods have been seen.</summary>
    public TimeSpan ColdStartPrior { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Queued work should drain within this time; sizes the queue term of desired replicas.</summary>
    public TimeSpan QueueDrainTarget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How much longer than a lead time demand must stay low before replicas are released: the planner holds the most
    /// needed over lead time plus this, as the HPA's default scale-down window would (set the HPA's own to 0).
    /// </summary>
    public TimeSpan ScaleDownStabilization { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where the workload's readings come from.</summary>
    public SourceKind Source { get; init; } = SourceKind.Prometheus;

    /// <summary>Prometheus label matchers that pick the workload's series (exact values).</summary>
    public IReadOnlyDictionary<string, string> SeriesLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>The Inference Extension pool whose flow-control queue holds this workload's waiting requests, if any.</summary>
    public string? GatewayPool { get; init; }

    /// <summary>Whether GPU duty cycle is read from the NVIDIA DCGM exporter's series for the workload's pods.</summary>
    public bool Dcgm { get; init; } = true;

    /// <summary>
    /// How pods form replicas when one replica spans several pods (a multi-host model): <c>leaderworkerset</c>, or the
    /// key of a label whose value is shared by the pods of one replica; null when every pod is a replica.
    /// </summary>
    public string? GroupBy { get; init; }

    /// <summary>
    /// The role these pods play when the workload runs prefill and decode on separate pods; null when every pod does
    /// both. A workload with roles is configured as one spec per role, each with its own pods, signals and answers.
    /// </summary>
    public WorkloadRole? Role { get; init; }

    /// <summary>The dimensions its replicas are sized on: its role's, or all of them.</summary>
    public Planning.SizedDimensions Sized => Role?.Sized ?? Planning.SizedDimensions.All;

    /// <summary>
    /// The name the workload's state is kept under, unique within its namespace: its name, and for a role
    /// <c>name/role</c> (a label value has no slash, so it cannot collide). Trackers, ownership, checkpoints, peers'
    /// snapshots and history are keyed by it; metric labels carry the name and the role apart.
    /// </summary>
    public string Id => Role is null ? Name : $"{Name}/{Role.Name}";

    /// <summary>The metric names to read with <see cref="EngineKind.Custom"/>; null for engines with a preset.</summary>
    public CustomMetrics? CustomMetrics { get; init; }

    /// <summary>The Deployment name that Object metrics are served on.</summary>
    public string DeploymentName => Deployment ?? Name;
}

/// <summary>
/// Where an engine without a preset exposes its readings: sample names as they appear on its page (a counter with
/// its <c>_total</c>, a histogram's token total as its <c>_sum</c>). Readings left null are not exposed.
/// </summary>
/// <param name="GenerationTokens">Counter of generated tokens.</param>
/// <param name="RequestsWaiting">Gauge of queued requests.</param>
/// <param name="PromptTokens">Counter of prompt tokens.</param>
/// <param name="RequestsRunning">Gauge of running requests.</param>
/// <param name="KvCache">Gauge of KV-cache use.</param>
/// <param name="KvCacheScale">Multiplier that turns the KV-cache gauge into a 0–1 ratio: 1 for a ratio, 0.01 for a percentage.</param>
/// <param name="RequestsFinished">Counter of requests finished, which gives the mean prompt with the prompt tokens counter.</param>
public sealed record CustomMetrics(string GenerationTokens, string RequestsWaiting, string? PromptTokens = null,
    string? RequestsRunning = null, string? KvCache = null, double KvCacheScale = 1, string? RequestsFinished = null);

/// <summary>Where readings come from.</summary>
public enum SourceKind
{
    /// <summary>The Prometheus HTTP API.</summary>
    Prometheus,
    /// <summary>Scraping each pod's metrics endpoint directly.</summary>
    Scrape,
}

/// <summary>Inference engines with a metrics preset.</summary>
public enum EngineKind
{
    /// <summary>vLLM (v1 engine metric names, with fallbacks for older servers).</summary>
    Vllm,
    /// <summary>Hugging Face Text Generation Inference.</summary>
    Tgi,
    /// <summary>SGLang.</summary>
    Sglang,
    /// <summary>NVIDIA Triton Inference Server.</summary>
    Triton,
    /// <summary>User-supplied metric names.</summary>
    Custom,
}
