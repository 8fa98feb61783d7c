using Headroom.Signals.Planning;

namespace Headroom.Signals.Workloads;

/// <summary>
/// One role of a workload whose prefill and decode run on separate pods (prefill/decode disaggregation, as llm-d
/// deploys it): the pods that carry <see cref="LabelKey"/>=<see cref="LabelValue"/>, sized on the role's dimensions.
/// </summary>
/// <param name="Name">The role: <c>prefill</c> or <c>decode</c>; the value of label <c>role=</c> in metric selectors.</param>
/// <param name="LabelKey">The pod label that tells the roles apart.</param>
/// <param name="LabelValue">Its value on this role's pods.</param>
public sealed record WorkloadRole(string Name, string LabelKey, string LabelValue)
{
    /// <summary>The role of prefill pods: sized on prompt work.</summary>
    public const string Prefill = "prefill";

    /// <summary>The role of decode pods: sized on generated tokens and KV use.</summary>
    public const string Decode = "decode";

    /// <summary>The llm-d role label (llm-d inference scheduler, <c>pkg/plugins/filter/pd_role.go</c>).</summary>
    public const string LlmdRoleLabel = "llm-d.ai/role";

    /// <summary>The roles a workload may declare.</summary>
    public static IReadOnlyList<string> Known { get; } = [Prefill, Decode];

    /// <summary>
    /// Generated tokens one request asks of this role's pods, given the workload's <paramref name="configured"/>
    /// tokens per request: one on prefill pods (they produce only the first token; llm-d sends them max_tokens 1), so
    /// that their prompt-to-output ratio is the prompt tokens of one request; all of them on decode pods.
    /// </summary>
    public double TokensPerRequest(double configured) => Name == Prefill ? 1 : configured;

    /// <summary>
    /// Whether a request's prompt can be read as KV tokens per running request on this role's pods. Not on prefill
    /// pods: nothing decodes there, so the one running request is the prompt being prefilled, part-computed (vLLM V1
    /// counts those queued behind it as waiting, holding no KV), and the ratio reads about half a prompt; the engines'
    /// counters (prompt tokens over requests finished) give the mean there.
    /// </summary>
    public bool PromptReadFromKvCache => Name != Prefill;

    /// <summary>The dimensions this role's replicas are sized on.</summary>
    public SizedDimensions Sized => Name == Prefill ? SizedDimensions.PrefillRole : SizedDimensions.DecodeRole;
}
