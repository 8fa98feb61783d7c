using BenchmarkDotNet.Attributes;
using Headroom.Adapter.Auth;
using k8s;

namespace Headroom.Bench.Auth;

/// <summary>
/// The SubjectAccessReview cache key that every request not from system:masters builds (the HPA's, through the
/// aggregator): the hand-built key against the review spec serialized to JSON, which was the key before.
/// </summary>
[MemoryDiagnoser]
public class AccessReviewKeyBenchmarks
{
    private static readonly UserInfo Hpa = new UserInfo("system:serviceaccount:kube-system:horizontal-pod-autoscaler",
        ["system:serviceaccounts", "system:serviceaccounts:kube-system"]).WithAuthenticatedGroup();

    private static readonly RequestAttributes Request =
        RequestAttributesParser.FromPath("/apis/external.metrics.k8s.io/v1beta1/namespaces/llm/headroom_token_throughput");

    [Benchmark(Baseline = true)]
    public string SerializedSpec() => KubernetesJson.Serialize(SubjectAccessReviewAuthorizer.Spec(Hpa, Request));

    [Benchmark]
    public string HandBuiltKey() => SubjectAccessReviewAuthorizer.CacheKey(Hpa, Request);
}
