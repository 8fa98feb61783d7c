using System.Globalization;
using System.Text;
using Headroom.Fleet;
using Headroom.Signals.Pipeline;
using Headroom.Sim.Fleet;
using Headroom.Sim.Hpa;
using Headroom.Sim.Replay;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Tests.Fleet;

// The event-driven fleet against the 100 ms step model it replaces, on the shared real traces: the step model's
// replay under Headroom's HPA (8B fleet, 4 warm replicas, at most 64) sets the scale at every sync, and the event
// model is replayed under the same decisions. Each must land within the tolerances of the other: SLO
// attainment within 0.5 points, GPU-hours within 1%, TTFT p99 within 5%. The traces are sliced to their first ten
// minutes (at their own rate and at 4x), plus one whole trace at 4x where the fleet scales past 30 replicas, so the
// whole class runs in seconds.
public sealed class FleetEquivalenceTests : IDisposable
{
    private const double SliceSeconds = 600;
    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-equivalence-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string TracesDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Headroom.slnx"))) directory = directory.Parent;
        return Path.Combine(directory!.Parent!.FullName, "shared", "traces");
    }

    // Every request trace in the shared directory.
    public static TheoryData<string> RequestTraces() => [.. RequestTraceNames()];

    private static string[] RequestTraceNames()
    {
        var directory = TracesDirectory();
        if (!Directory.Exists(directory)) return [];
        return [.. Directory.EnumerateFiles(directory)
            .Where(p => p.EndsWith(".csv", StringComparison.Ordinal) || p.EndsWith(".jsonl", StringComparison.Ordinal))
            .Where(IsRequestTrace)
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
    }

    // The ServeGen rate series and their token means are read by the backtest, not replayed.
    private static bool IsRequestTrace(string path)
    {
        try
        {
            return new TraceReader(path).Format() != TraceFormat.AggregateRate;
        }
        catch (TraceFormatException)
        {
            return false;
        }
    }

    [Fact]
    public void The_shared_traces_are_there_with_their_request_traces()
    {
        Assert.True(Directory.Exists(TracesDirectory()), $"the shared traces are expected beside the repository: {TracesDirectory()}");
        Assert.Equal(["AzureLLMInferenceTrace_code.csv", "AzureLLMInferenceTrace_conv.csv", "mooncake_synthetic_trace.jsonl"],
            RequestTraceNames());
    }

    [Theory]
    [MemberData(nameof(RequestTraces))]
    public void A_ten_minute_slice_replays_alike_in_both_models(string trace)
    {
        var slice = Slice(Path.Combine(TracesDirectory(), trace));
        foreach (var rate in new[] { 1.0, 4.0 }) AssertEquivalent(slice, rate, $"{trace} first {SliceSeconds:0} s x{rate}");
    }

    [Fact]
    public void A_whole_trace_at_four_times_its_rate_scales_alike_in_both_models()
    {
        var (step, events) = AssertEquivalent(Path.Combine(TracesDirectory(), "mooncake_synthetic_trace.jsonl"), 4, "mooncake x4");
        Assert.True(events.Summary.ColdStarts >= 30, $"the fleet should scale: {events.Summary.ColdStarts} cold starts");
        Assert.Equal(step.Summary.ColdStarts, events.Summary.ColdStarts);
    }

    private static (ReplayResult Step, ReplayResult Events) AssertEquivalent(string trace, double rate, string label)
    {
        var step = Replay(trace, rate, FleetTiming.Steps, controller: null);
        var decisions = step.Timeline.Where(r => r.Proposal is not null || r != step.Timeline[^1]).Select(r => r.DesiredReplicas).ToArray();
        var events = Replay(trace, rate, FleetTiming.Events, new ScriptedScale(TimeSpan.FromSeconds(15), 4, decisions));
        var (s, e) = (step.Summary, events.Summary);
        var detail = $"{label}: step {Describe(s)}; events {Describe(e)}";
        Assert.True(s.Requests > 500, detail);
        Assert.Equal(s.Requests, e.Requests);
        Assert.True(Math.Abs(s.SloAttainment - e.SloAttainment) <= 0.005, "SLO attainment differs by more than 0.5 points. " + detail);
        Assert.True(Math.Abs(s.GpuHours - e.GpuHours) <= 0.01 * s.GpuHours, "GPU-hours differ by more than 1%. " + detail);
        Assert.True(Math.Abs(s.TtftP99Seconds!.Value - e.TtftP99Seconds!.Value) <= 0.05 * s.TtftP99Seconds.Value, "TTFT p99 differs by more than 5%. " + detail);
        return (step, events);
    }

    private static string Describe(ReplaySummary s) =>
        string.Create(CultureInfo.InvariantCulture, $"SLO {s.SloAttainment:F4}, GPU-h {s.GpuHours:F3}, TTFT p99 {s.TtftP99Seconds:F3} s, cold starts {s.ColdStarts}");

    // The step model under Headroom's HPA when controller is null; otherwise the given controller.
    private static ReplayResult Replay(string trace, double rate, FleetTiming timing, IReplicaController? controller)
    {
        var fleet = FleetSpec.Default with { InitialReplicas = 4, Timing = timing };
        var setup = new ReplaySetup(trace, new TraceOptions(RateScale: rate), fleet, ReplaySetup.DefaultWorkload(fleet), new SignalOptions(), 2,
            TimeSpan.FromHours(1));
        return ReplayRunner.Run(setup, controller ?? new HpaReplicaController(HeadroomHpa()), "hpa-headroom");
    }

    private static HpaSpec HeadroomHpa()
    {
        var yaml = File.ReadAllText(RepoFile("sim/examples/hpa-headroom.yaml"));
        return HpaSpecReader.Parse(yaml.Replace("maxReplicas: 16", "maxReplicas: 64", StringComparison.Ordinal));
    }

    private static string RepoFile(string relative)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Headroom.slnx"))) directory = directory.Parent;
        return Path.Combine(directory!.FullName, relative);
    }

    // The trace's first ten minutes as a generic CSV (arrival seconds, prompt and output tokens).
    private string Slice(string trace)
    {
        var text = new StringBuilder("timestamp,prompt_tokens,output_tokens\n");
        foreach (var r in new TraceReader(trace).Requests().TakeWhile(r => r.ArrivalSeconds < SliceSeconds))
            text.Append(CultureInfo.InvariantCulture, $"{r.ArrivalSeconds:R},{r.PromptTokens},{r.OutputTokens}\n");
        var path = Path.Combine(_dir, Path.GetFileNameWithoutExtension(trace) + "-slice.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
