using Headroom.Signals.Configuration;
using Headroom.Signals.Planning;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Configuration;

public sealed class RolesConfigTests
{
    private const string Disaggregated = """
        scrape:
          dcgm: {namespace: gpu-operator, selector: app=nvidia-dcgm-exporter}
        workloads:
          - name: llama
            namespace: llm
            selector: app=llama
            source: scrape
            roles:
              prefill: {}
              decode:
                deployment: llama-decoders
        """;

    [Fact]
    public void Each_role_becomes_a_workload_of_its_own_pods_sized_on_its_dimensions()
    {
        var specs = ConfigLoader.Parse(Disaggregated).Workloads;

        Assert.Equal(2, specs.Count);
        var prefill = specs.Single(s => s.Role?.Name == "prefill");
        var decode = specs.Single(s => s.Role?.Name == "decode");
        Assert.Equal(("llama", "llama/prefill", "app=llama,llm-d.ai/role=prefill", "llama-prefill", SizedDimensions.PrefillRole),
            (prefill.Name, prefill.Id, prefill.Selector, prefill.DeploymentName, prefill.Sized));
        Assert.Equal(("llama", "llama/decode", "app=llama,llm-d.ai/role=decode", "llama-decoders", SizedDimensions.DecodeRole),
            (decode.Name, decode.Id, decode.Selector, decode.DeploymentName, decode.Sized));
        Assert.Equal(new WorkloadRole("prefill", "llm-d.ai/role", "prefill"), prefill.Role);
    }

    [Fact]
    public void A_role_may_have_priors_of_its_own_and_takes_the_workloads_otherwise()
    {
        var specs = ConfigLoader.Parse(Disaggregated
            .Replace("    roles:", "    tokensPerSecondPerReplica: 2500\n    coldStartPrior: 4m\n    roles:")
            .Replace("prefill: {}", "prefill: {prefillTokensPerSecondPerReplica: 30000, coldStartPrior: 2m}")
            .Replace("deployment: llama-decoders", "deployment: llama-decoders\n        kvCacheTokensPerReplica: 900000")).Workloads;
        var (prefill, decode) = (specs[0], specs[1]);

        Assert.Equal((30_000.0, 2_500.0, 400_000.0, TimeSpan.FromMinutes(2)),
            (prefill.PrefillTokensPerSecondPerReplica, prefill.TokensPerSecondPerReplica, prefill.KvCacheTokensPerReplica, prefill.ColdStartPrior));
        Assert.Equal((20_000.0, 2_500.0, 900_000.0, TimeSpan.FromMinutes(4)),
            (decode.PrefillTokensPerSecondPerReplica, decode.TokensPerSecondPerReplica, decode.KvCacheTokensPerReplica, decode.ColdStartPrior));
    }

    [Fact]
    public void A_workload_without_roles_is_one_spec_sized_on_every_dimension()
    {
        var spec = Assert.Single(ConfigLoader.Parse(Disaggregated.Replace("""
                roles:
                  prefill: {}
                  decode:
                    deployment: llama-decoders
            """, "")).Workloads);

        Assert.Null(spec.Role);
        Assert.Equal(("llama", "app=llama", SizedDimensions.All), (spec.Id, spec.Selector, spec.Sized));
    }

    [Fact]
    public void A_role_label_and_values_of_ones_own_select_the_roles()
    {
        var specs = ConfigLoader.Parse(Disaggregated
            .Replace("    roles:", "    roleLabel: example.com/stage\n    roles:")
            .Replace("prefill: {}", "prefill: {labelValue: p}")).Workloads;

        Assert.Equal(["app=llama,example.com/stage=p", "app=llama,example.com/stage=decode"], specs.Select(s => s.Selector));
    }

    [Fact]
    public void With_prometheus_each_role_narrows_the_series_by_its_own_labels()
    {
        var specs = ConfigLoader.Parse("""
            prometheus: {url: http://127.0.0.1:9090}
            workloads:
              - name: llama
                namespace: llm
                seriesLabels: {job: llama}
                roles:
                  prefill: {seriesLabels: {llm_d_ai_role: prefill}}
                  decode: {seriesLabels: {llm_d_ai_role: decode}}
            """).Workloads;

        Assert.Equal(["job=llama,llm_d_ai_role=prefill", "job=llama,llm_d_ai_role=decode"],
            specs.Select(s => string.Join(",", s.SeriesLabels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"))));
        Assert.Equal(["llm-d.ai/role=prefill", "llm-d.ai/role=decode"], specs.Select(s => s.Selector));
    }

    [Theory]
    [InlineData("prefill: {}", "both: {}", "workloads[0].roles.both: unknown role (one of prefill, decode)")]
    [InlineData("prefill: {}", "prefill: {labelValue: decode}", "workloads[0].roles.decode: selects the same pods as roles.prefill (llm-d.ai/role=decode)")]
    [InlineData("deployment: llama-decoders", "deployment: llama-prefill", "workloads[0].roles.decode.deployment: llama-prefill is also roles.prefill's")]
    [InlineData("prefill: {}", "prefill: {labelValue: \"a b\"}", "workloads[0].roles.prefill.labelValue: \"a b\" is not a valid label value")]
    [InlineData("    roles:", "    roleLabel: not a key\n    roles:", "workloads[0].roleLabel: \"not a key\" is not a label key")]
    [InlineData("selector: app=llama", "selector: app=llama,llm-d.ai/role=decode", "workloads[0].selector: already selects on llm-d.ai/role")]
    [InlineData("prefill: {}", "prefill: {kvCacheTokensPerReplica: 0}", "workloads[0].roles.prefill.kvCacheTokensPerReplica: 0 must be positive")]
    [InlineData("prefill: {}", "prefill: {coldStartPrior: soon}", "workloads[0].roles.prefill.coldStartPrior: \"soon\" is not a duration")]
    public void A_bad_role_is_named_with_its_problem(string good, string bad, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Disaggregated.Replace(good, bad)));

        Assert.Contains(ex.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Roles_must_not_be_empty_and_a_role_label_needs_roles()
    {
        var empty = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Disaggregated.Replace("""
                  prefill: {}
                  decode:
                    deployment: llama-decoders
            """, "").Replace("roles:", "roles: {}")));
        var alone = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Disaggregated.Replace("""
                roles:
                  prefill: {}
                  decode:
                    deployment: llama-decoders
            """, "    roleLabel: llm-d.ai/role\n")));

        Assert.Contains(empty.Problems, p => p.StartsWith("workloads[0].roles: empty", StringComparison.Ordinal));
        Assert.Contains("workloads[0].roleLabel: set without roles", alone.Problems);
    }

    [Fact]
    public void A_roles_deployment_must_not_be_another_workloads()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Disaggregated + "\n  - {name: llama-prefill, namespace: llm, selector: app=other, source: scrape}\n"));

        Assert.Contains("workloads: deployments.apps llm/llama-prefill is scaled by llama/prefill and llama-prefill; give each its own deployment", ex.Problems);
    }

    [Fact]
    public void With_prometheus_a_role_needs_series_labels_that_differ_from_the_other_roles()
    {
        const string prometheus = """
            prometheus: {url: http://127.0.0.1:9090}
            workloads:
              - name: llama
                namespace: llm
                seriesLabels: {job: llama}
                roles:
                  prefill: PREFILL
                  decode: {seriesLabels: {llm_d_ai_role: decode}}
            """;
        var missing = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(prometheus.Replace("PREFILL", "{}")));
        var same = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(prometheus.Replace("PREFILL", "{seriesLabels: {llm_d_ai_role: decode}}")));

        Assert.Contains(missing.Problems, p => p.StartsWith("workloads[0].roles.prefill.seriesLabels: required with source: prometheus", StringComparison.Ordinal));
        Assert.Contains(same.Problems, p => p.StartsWith("workloads[0].roles.decode: selects the same series as roles.prefill", StringComparison.Ordinal));
    }
}
