using System.Globalization;
using System.Text.Json;
using Headroom.Sim.Tests.Fleet;
using static Headroom.Sim.Tests.Replay.ReplayCommandTests;

namespace Headroom.Sim.Tests.Replay;

// compare on a prefill/decode fleet (sim/examples/disaggregated/fleet-8b-pd.yaml and pd-headroom.yaml): the same request rate and
// answers, first with 1,000-token prompts, then with 8,000-token ones. Headroom's two roles scale apart: prefill
// replicas rise with the prompts, decode replicas stay where the unchanged answers and KV put them.
public sealed class DisaggregatedReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-pd-replay-").FullName;
    private static readonly string Examples = Path.Combine(FleetSpecReaderTests.RepoRoot(), "sim", "examples", "disaggregated");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // 4 requests/s of 200-token answers: 1,000-token prompts for 10 minutes, then 8,000-token prompts for 15.
    private string WriteLongPromptTrace()
    {
        var lines = new List<string> { "timestamp,prompt_tokens,output_tokens" };
        for (var t = 0.0; t < 1500; t += 0.25)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{t:F3},{(t < 600 ? 1_000 : 8_000)},200"));
        var path = Path.Combine(_dir, "long-prompts.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (double Time, int Desired, int Ready, string? BoundBy, double? TtftMax)[] Rows(string path)
    {
        var lines = File.ReadAllLines(path);
        var column = lines[0].Split(',').ToList();
        return lines.Skip(1).Select(l => l.Split(',')).Select(r => (
            double.Parse(r[0], CultureInfo.InvariantCulture),
            int.Parse(r[column.IndexOf("desired_replicas")], CultureInfo.InvariantCulture),
            int.Parse(r[column.IndexOf("ready")], CultureInfo.InvariantCulture),
            r[column.IndexOf("bound_by")] is { Length: > 0 } b ? b : null,
            r[column.IndexOf("ttft_max_s")] is { Length: > 0 } m ? double.Parse(m, CultureInfo.InvariantCulture) : (double?)null)).ToArray();
    }

    [Fact]
    public void Long_prompts_scale_the_prefill_role_up_while_the_decode_role_stays()
    {
        var outDir = Path.Combine(_dir, "out");
        var (exit, output, error) = Run("compare", "--trace", WriteLongPromptTrace(), "--fleet", Path.Combine(Examples, "fleet-8b-pd.yaml"),
            "--policy", Path.Combine(Examples, "pd-headroom.yaml"), "--out", outDir);
        Assert.True(exit == 0, error);

        var prefill = Rows(Path.Combine(outDir, "pd-headroom", "timeline-prefill.csv"));
        var decode = Rows(Path.Combine(outDir, "pd-headroom", "timeline-decode.csv"));
        // Settled in each phase: the last five minutes of short prompts, the last five of long ones.
        var (shortPrefill, longPrefill) = (prefill.Where(r => r.Time is > 300 and <= 600).ToArray(), prefill.Where(r => r.Time is > 1200 and <= 1500).ToArray());
        var (shortDecode, longDecode) = (decode.Where(r => r.Time is > 300 and <= 600).ToArray(), decode.Where(r => r.Time is > 1200 and <= 1500).ToArray());
        // 4,000 prompt tokens/s fit one prefill replica; 32,000 need more than one replica's 25,000.
        Assert.Equal(1, shortPrefill.Max(r => r.Desired));
        Assert.True(longPrefill.Min(r => r.Ready) >= 2, $"prefill ready during long prompts: {string.Join(" ", longPrefill.Select(r => r.Ready))}");
        Assert.Contains(prefill, r => r.Time > 600 && r.Desired >= 2 && r.BoundBy == "prefill");
        // 800 generated tokens/s and their KV fit one decode replica throughout.
        Assert.Equal(1, shortDecode.Max(r => r.Desired));
        Assert.Equal(1, longDecode.Max(r => r.Desired));
        Assert.DoesNotContain(decode, r => r.BoundBy == "prefill" || r.BoundBy == "queue");

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "pd-headroom", "summary.json")));
        var s = summary.RootElement;
        Assert.Equal(6_000, s.GetProperty("requests").GetInt64());
        Assert.Equal(s.GetProperty("requests").GetInt64(), s.GetProperty("completed").GetInt64() + s.GetProperty("dropped").GetInt64());
        // The step to long prompts finds one prefill replica and a cold start of one to three minutes: requests wait
        // until the new replicas are ready. Once they are, every first token comes within the 2 s objective.
        Assert.True(s.GetProperty("slo_attainment").GetDouble() >= 0.9, output);
        var combined = Rows(Path.Combine(outDir, "pd-headroom", "timeline.csv"));
        Assert.All(combined.Where(r => r.Time is > 900 and <= 1500), r => Assert.True(r.TtftMax <= 2, $"TTFT {r.TtftMax} s at {r.Time} s"));
        // The oracle of a prefill/decode fleet sizes each role too, so the comparison has its baseline.
        Assert.True(s.GetProperty("oracle_gpu_hours").GetDouble() > 0);
    }

    [Fact]
    public void With_config_the_roles_are_the_first_workloads_and_a_single_pool_fleet_refuses_them()
    {
        var config = Path.Combine(_dir, "headroom.yaml");
        File.WriteAllText(config, """
            prometheus: {url: http://127.0.0.1:9090}
            workloads:
              - name: llm
                namespace: sim
                seriesLabels: {job: llm}
                roles:
                  prefill: {deployment: chat-p, seriesLabels: {role: prefill}}
                  decode: {deployment: chat-d, seriesLabels: {role: decode}}
            """);
        var policy = Path.Combine(_dir, "policy.yaml");
        File.WriteAllText(policy, File.ReadAllText(Path.Combine(Examples, "pd-headroom.yaml")).Replace("name: llm-prefill", "name: chat-p").Replace("name: llm-decode", "name: chat-d"));
        var trace = WriteLongPromptTrace();

        var (exit, _, error) = Run("replay", "--trace", trace, "--fleet", Path.Combine(Examples, "fleet-8b-pd.yaml"), "--config", config,
            "--hpa", policy, "--no-oracle", "--out", Path.Combine(_dir, "configured"));
        var (pooled, _, pooledError) = Run("replay", "--trace", trace, "--config", config, "--hpa", policy, "--no-oracle", "--out", Path.Combine(_dir, "pooled"));

        Assert.True(exit == 0, error);
        Assert.Contains(Rows(Path.Combine(_dir, "configured", "timeline-prefill.csv")), r => r.Desired >= 2);
        Assert.Equal(1, pooled);
        Assert.Contains("headroom.yaml: workloads[0] has roles, but the fleet runs one pool; add disaggregation: to fleet.yaml, or remove the roles", pooledError);
    }

    [Fact]
    public void A_role_policy_must_scale_each_roles_Deployment_once()
    {
        var onlyPrefill = Path.Combine(_dir, "only-prefill.yaml");
        File.WriteAllText(onlyPrefill, File.ReadAllText(Path.Combine(Examples, "pd-headroom.yaml")).Split("\n---\n")[0]);
        var elsewhere = Path.Combine(_dir, "elsewhere.yaml");
        File.WriteAllText(elsewhere, File.ReadAllText(Path.Combine(Examples, "pd-headroom.yaml")).Replace("name: llm-decode", "name: chat"));

        var (exit1, _, error1) = Run("replay", "--trace", WriteLongPromptTrace(), "--fleet", Path.Combine(Examples, "fleet-8b-pd.yaml"),
            "--hpa", onlyPrefill, "--no-oracle", "--out", Path.Combine(_dir, "a"));
        var (exit2, _, error2) = Run("replay", "--trace", WriteLongPromptTrace(), "--fleet", Path.Combine(Examples, "fleet-8b-pd.yaml"),
            "--hpa", elsewhere, "--no-oracle", "--out", Path.Combine(_dir, "b"));

        Assert.Equal(1, exit1);
        Assert.Contains("only-prefill.yaml: a prefill/decode fleet needs a policy for each role's Deployment; none scales llm-decode", error1);
        Assert.Equal(1, exit2);
        Assert.Contains("elsewhere.yaml, document 2: spec.scaleTargetRef.name is chat, but the roles scale llm-prefill (prefill) and llm-decode (decode)", error2);
    }
}
