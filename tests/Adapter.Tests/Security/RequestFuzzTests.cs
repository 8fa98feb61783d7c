using System.Net;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Headroom.Adapter.Tests.Auth;

namespace Headroom.Adapter.Tests.Security;

/// <summary>
/// Fuzzes request paths and selectors against the running adapter, built from the pieces the metrics APIs' grammar
/// is made of and the pieces attackers add (other namespaces, case changes, wildcards, encodings, dot segments, bad
/// selectors). Every answer is a Kubernetes Status or a 200 list; never a 500; and a user allowed only in team-a,
/// where no workload runs, never receives a single item.
/// </summary>
[Collection(DelegatedAuthAdapterCollection.Name)]
public sealed class RequestFuzzTests(DelegatedAuthAdapterFixture fixture)
{
    private static readonly string[] Prefixes =
    [
        "/apis/custom.metrics.k8s.io/v1beta2", "/apis/custom.metrics.k8s.io/v1beta1", "/apis/custom.metrics.k8s.io/v2",
        "/apis/external.metrics.k8s.io/v1beta1", "/apis/Custom.Metrics.k8s.io/v1beta2", "/APIS/custom.metrics.k8s.io/v1beta2",
        "/apis", "/keda/v1", "", "/debug",
    ];

    private static readonly string[] Segments =
    [
        "namespaces", "Namespaces", "demo", "team-a", "kube-system", "pods", "nodes", "deployments.apps", "deployments", "metrics",
        "*", "chat", "code", "workloads", "headroom_queue_depth", "headroom_desired_replicas", "headroom_gpu_duty_cycle",
        "..", ".", "%2e%2e", "demo%2Fpods", "%00", "", "a b", "ünïcode", new string('n', 300),
    ];

    private static readonly string[] Selectors =
    [
        "", "?labelSelector=app%3Dchat", "?labelSelector=workload%3Dcode", "?labelSelector=app%20in%20(chat,code)", "?labelSelector=!app",
        "?labelSelector=app%20in%20(", "?labelSelector=%3D%3D%3D", "?labelSelector=app%3D%3Dchat%2C", "?metricLabelSelector=namespace%3Ddemo",
        "?labelSelector=" + new string('a', 70_000), "?labelSelector=a%00b", "?labelSelector=namespace%3Ddemo",
    ];

    private static Gen<string> Paths =>
        from prefix in Gen.Elements(Prefixes)
        from count in Gen.Choose(0, 6)
        from segments in Gen.ArrayOf(Gen.Elements(Segments), count)
        from query in Gen.Elements(Selectors)
        select prefix + string.Concat(segments.Select(s => "/" + s)) + query;

    [Property(MaxTest = 400)]
    public Property A_user_confined_to_an_empty_namespace_gets_statuses_and_never_an_item_or_a_500() =>
        Prop.ForAll(Paths.ToArbitrary(), path => Check(fixture.TokenClient(Confined()), path, allowItems: false));

    [Property(MaxTest = 400)]
    public Property A_master_gets_a_status_or_a_list_and_never_a_500() =>
        Prop.ForAll(Paths.ToArbitrary(), path => Check(fixture.CertificateClient(), path, allowItems: true));

    private string Confined()
    {
        fixture.Api.AddToken("token-fuzz", "fuzz");
        fixture.Api.AllowInNamespace("fuzz", "team-a");
        return "token-fuzz";
    }

    private static bool Check(HttpClient client, string path, bool allowItems)
    {
        using (client)
        {
            // FsCheck properties are synchronous; one request at a time, on the test's own thread.
            // Absolute, so that a path starting with // stays a path and is not read as another host.
            using var response = client.GetAsync(new Uri(client.BaseAddress!.GetLeftPart(UriPartial.Authority) + path)).GetAwaiter().GetResult();
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (response.StatusCode == HttpStatusCode.InternalServerError) throw new Exception($"{path}: 500 {body}");
            // Kestrel refuses a NUL in the path while parsing the request, before any application code can answer: a
            // bare 400 is the one answer that is not a Status (docs/security.md says so).
            if (body.Length == 0 && response.StatusCode == HttpStatusCode.BadRequest && path.Contains("%00", StringComparison.Ordinal)) return true;
            if (body.Length == 0) throw new Exception($"{path}: {(int)response.StatusCode} with no body");
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var k) ? k.GetString() : null;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                if (kind != "Status") throw new Exception($"{path}: {(int)response.StatusCode} without a Status: {body}");
                return true;
            }
            // A list (metric values) has items; /debug/workloads is an array of workloads. Either is data.
            var received = root.ValueKind == JsonValueKind.Array ? root.GetArrayLength()
                : root.TryGetProperty("items", out var items) ? items.GetArrayLength() : 0;
            if (!allowItems && received > 0) throw new Exception($"{path}: a user confined to team-a received {received} items");
            return true;
        }
    }
}
