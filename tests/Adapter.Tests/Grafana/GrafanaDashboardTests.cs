using System.Globalization;
using System.Text.Json;
using Headroom.Adapter.Tests.Deploy;
using Headroom.Adapter.Tests.Kubectl;
using Headroom.Adapter.Tests.Support;
using k8s;
using k8s.Models;

namespace Headroom.Adapter.Tests.Grafana;

/// <summary>
/// The Grafana dashboard against a real Prometheus (Debian's package, on loopback) that scrapes the running demo
/// adapter's /metrics: every panel's PromQL returns a number, and every variable finds the demo's workloads.
/// </summary>
[Collection(DemoAdapterCollection.Name)]
public sealed class GrafanaDashboardTests(DemoAdapterFixture fixture)
{
    private const string Job = "headroom";

    [Fact]
    public async Task Every_panel_query_returns_data_from_Prometheus_scraping_the_demo()
    {
        var metrics = fixture.Adapter.MetricsUrl;
        await using var prometheus = new PrometheusServer($$"""
              - job_name: {{Job}}
                honor_labels: true
                static_configs:
                  - targets: ["{{metrics.Host}}:{{metrics.Port}}"]

            """);
        await prometheus.StartAsync();
        using var api = fixture.AuthenticatedClient();
        using var http = new HttpClient { BaseAddress = prometheus.Url };
        var expressions = Dashboard.Expressions();
        Assert.True(expressions.Count >= 20, $"only {expressions.Count} expressions");

        // The API panels describe traffic: an answered read and a refused one (an unknown metric) each round.
        var missing = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(150);
        do
        {
            (await api.GetAsync("/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_queue_depth?labelSelector=workload%3Dchat")).EnsureSuccessStatusCode();
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync("/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/no_such_metric")).StatusCode);
            missing.Clear();
            foreach (var (panel, expr) in expressions)
            {
                if (!HasNumber(await QueryAsync(http, Dashboard.Concrete(expr, Job)))) missing.Add($"{panel}: {expr}");
            }
            if (missing.Count == 0) break;
            await Task.Delay(2000);
        }
        while (DateTime.UtcNow < deadline);
        Assert.True(missing.Count == 0, "no finite sample for:\n" + string.Join('\n', missing));

        var variables = Dashboard.Variables();
        Assert.Equal(["job", "namespace", "workload"], variables.Select(v => v.Name));
        var found = new Dictionary<string, string[]>();
        foreach (var (name, selector, label) in variables)
        {
            var result = await QueryAsync(http, Dashboard.Concrete(selector, Job));
            found[name] = [.. result.EnumerateArray().Select(r => r.GetProperty("metric").GetProperty(label).GetString()!).Distinct().Order()];
        }
        Assert.Equal([Job], found["job"]);
        Assert.Equal(["demo"], found["namespace"]);
        Assert.Equal(["chat", "code"], found["workload"]);
    }

    [Fact]
    public void The_component_renders_the_dashboard_as_a_ConfigMap_Grafanas_sidecar_loads()
    {
        // kustomize takes components only by relative path, from a kustomization of its own.
        var directory = Directory.CreateTempSubdirectory("headroom-grafana-").FullName;
        try
        {
            var repository = Path.GetRelativePath(directory, RenderedManifests.RepositoryRoot);
            File.WriteAllText(Path.Combine(directory, "kustomization.yaml"), $"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                components:
                  - {repository}/deploy/grafana
                """);
            var (exitCode, stdout, stderr) = RenderedManifests.Kustomize(directory);
            Assert.True(exitCode == 0, stderr);

            var dashboard = Assert.IsType<V1ConfigMap>(Assert.Single(KubernetesYaml.LoadAllFromString(stdout)));
            Assert.Equal("1", dashboard.Metadata.Labels["grafana_dashboard"]);
            Assert.Equal(("headroom-grafana-dashboard", "headroom"), (dashboard.Metadata.Name, dashboard.Metadata.NamespaceProperty));
            Assert.Equal(File.ReadAllText(Dashboard.Path), dashboard.Data["headroom.json"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<JsonElement> QueryAsync(HttpClient http, string expr)
    {
        using var response = await http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(expr));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.IsSuccessStatusCode, $"{expr}: {body}");
        return body.GetProperty("data").GetProperty("result").Clone();
    }

    // An instant vector with at least one finite sample: NaN (a quantile of no traffic, 0/0) shows nothing on a panel.
    private static bool HasNumber(JsonElement result) => result.EnumerateArray().Any(r =>
        double.TryParse(r.GetProperty("value")[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v));
}
