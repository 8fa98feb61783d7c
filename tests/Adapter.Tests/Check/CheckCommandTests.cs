using Headroom.Adapter.Check;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Support;
using Headroom.Signals.Tests.Support;
using Headroom.Tests.Shared;

namespace Headroom.Adapter.Tests.Check;

/// <summary><c>headroom check</c> on the demo fleet and on broken configs: the table, one line per problem, the exit status.</summary>
public sealed class CheckCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-check-").FullName;
    private readonly FakePodsApi _pods = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_demo_passes_with_every_reading_of_both_workloads()
    {
        var (exit, output, errors) = await CheckAsync(demo: true);

        Assert.True(exit == 0, errors);
        Assert.DoesNotContain("error:", errors);
        var rows = output.Split('\n').Where(l => l.StartsWith("demo/", StringComparison.Ordinal) && !l.EndsWith("reads:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.EndsWith("ok", row.TrimEnd()));
        Assert.Contains("waiting requests (vllm:num_requests_waiting)", output);
        Assert.Contains("GPU duty cycle (DCGM_FI_PROF_GR_ENGINE_ACTIVE", output);
    }

    [Fact]
    public async Task An_unknown_engine_is_one_line_naming_the_field()
    {
        var (exit, _, errors) = await CheckAsync(config: """
            workloads:
              - name: chat
                namespace: llm
                engine: llamacpp
                selector: app=chat
                source: scrape
                dcgm: false
            """);

        Assert.Equal(1, exit);
        var line = Assert.Single(ErrorLines(errors));
        Assert.Contains("workloads[0].engine: \"llamacpp\" is not one of", line);
    }

    [Fact]
    public async Task A_bad_Prometheus_URL_and_a_selector_with_no_pods_are_one_line_each()
    {
        var closed = FreePort.Next();
        _pods.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: true));
        var (exit, output, errors) = await CheckAsync(lister: _pods.WriteKubeconfig(_directory), config: $$"""
            prometheus:
              url: http://127.0.0.1:{{closed}}
              timeout: 500ms
            workloads:
              - name: chat
                namespace: llm
                selector: app=chat
                source: prometheus
                seriesLabels: {job: chat}
              - name: empty
                namespace: llm
                selector: app=nothing
                source: scrape
                dcgm: false
            """);

        Assert.Equal(1, exit);
        var lines = ErrorLines(errors);
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.StartsWith($"error: workload llm/chat: source prometheus http://127.0.0.1:{closed}/ failed: ", StringComparison.Ordinal));
        Assert.Contains("error: workload llm/empty: no pods match selector \"app=nothing\" in namespace llm", lines);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("llm/empty", StringComparison.Ordinal) && l.Contains("1 problem(s)"));
    }

    [Fact]
    public async Task The_adapter_command_line_routes_check_to_its_own_options()
    {
        var exit = await AdapterCommandLine.Build((_, _) => Task.FromResult(99)).Parse(["check", "--demo", "--timeout", "soon"]).InvokeAsync();

        Assert.Equal(2, exit);
    }

    private async Task<(int Exit, string Output, string Errors)> CheckAsync(string? config = null, string? lister = null, bool demo = false)
    {
        string? path = null;
        if (config is not null) await File.WriteAllTextAsync(path = Path.Combine(_directory, "headroom.yaml"), config);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await CheckCommand.RunAsync(path, lister, demo, 42, "10s", output, errors, CancellationToken.None);
        return (exit, output.ToString(), errors.ToString());
    }

    // Sources may log warnings on stderr too; the problems are the lines the check writes, each starting "error: ".
    private static List<string> ErrorLines(string errors) =>
        [.. errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("error: ", StringComparison.Ordinal))];

    public async Task DisposeAsync()
    {
        await _pods.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
