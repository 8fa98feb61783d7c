using Headroom.Adapter.Check;
using Headroom.Adapter.Tests.Support;
using Headroom.Signals.Tests.Support;
using Headroom.Tests.Shared;

namespace Headroom.Adapter.Tests.Check;

/// <summary>
/// <c>headroom check</c> in scrape mode against stand-in pods that serve pages captured from real engines
/// (tests/fixtures/engines), listed by the pod API stand-in with their container images: the version column, and
/// the engine a workload's pages look like when it is configured with another one.
/// </summary>
public sealed class EngineDetectionTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-detect-").FullName;
    private readonly FakePodsApi _pods = new();
    private readonly List<FakeExporter> _exporters = [];
    private int _port;

    public async Task InitializeAsync()
    {
        _port = FreePort.Next();
        await ServeAsync("127.0.0.2", "sglang/docs-production-metrics-model-name-label");
        await ServeAsync("127.0.0.3", "sglang/docs-production-metrics-name-label");
        await ServeAsync("127.0.0.4", "vllm/production-stack-issue-318");
        await ServeAsync("127.0.0.5", "vllm/v1-design-doc");
        _pods.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: true, ip: "127.0.0.2", image: "lmsysorg/sglang:v0.4.6"));
        _pods.Upsert(FakePodsApi.Pod("chat-b", "chat", ready: true, ip: "127.0.0.3", image: "lmsysorg/sglang:v0.4.6"));
        _pods.Upsert(FakePodsApi.Pod("llama-a", "llama", ready: true, ip: "127.0.0.4", image: "vllm/vllm-openai:v0.7.3"));
        _pods.Upsert(FakePodsApi.Pod("llama-b", "llama", ready: true, ip: "127.0.0.5", image: "vllm/vllm-openai:latest"));
    }

    [Fact]
    public async Task Pages_of_another_engine_are_one_line_naming_it_and_the_versions_come_from_the_images()
    {
        var (exit, output, errors) = await CheckAsync("""
              - name: chat
                namespace: llm
                engine: vllm
                selector: app=chat
                source: scrape
                dcgm: false
              - name: llama
                namespace: llm
                engine: vllm
                selector: app=llama
                source: scrape
                dcgm: false
            """);

        Assert.Equal(1, exit);
        var chat = ErrorLines(errors).Where(l => l.Contains("llm/chat", StringComparison.Ordinal)).ToList();
        Assert.Equal("error: workload llm/chat: its pods serve sglang's metric names (10 readings over the ready pods, against 0 as vllm); set engine: sglang",
            Assert.Single(chat));
        var rows = output.Split('\n');
        // Five readings on each SGLang page (tokens both ways, waiting, running, KV); the image names the version even though
        // the engine is configured wrong, and a latest tag tells nothing.
        Assert.Matches(@"^llm/chat\s+scrape\s+vllm\s+v0\.4\.6\s+2\s+2\s", Assert.Single(rows, r => r.StartsWith("llm/chat ", StringComparison.Ordinal) && r.Contains(" scrape ", StringComparison.Ordinal)));
        Assert.Matches(@"^llm/llama\s+scrape\s+vllm\s+unknown \(1\), v0\.7\.3 \(1\)\s+2\s+2\s", Assert.Single(rows, r => r.StartsWith("llm/llama ", StringComparison.Ordinal) && r.Contains(" scrape ", StringComparison.Ordinal)));
        Assert.DoesNotContain(errors.Split('\n'), l => l.Contains("llm/llama", StringComparison.Ordinal) && l.Contains("set engine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_right_engine_reads_the_pages_without_a_note()
    {
        var (_, output, errors) = await CheckAsync("""
              - name: chat
                namespace: llm
                engine: sglang
                selector: app=chat
                source: scrape
                dcgm: false
            """);

        Assert.DoesNotContain("set engine", output + errors);
        Assert.Contains("waiting requests (sglang:num_queue_reqs on 1 pod, sglang:num_requests_waiting (older name) on 1 pod)", output);
    }

    private async Task ServeAsync(string ip, string fixture)
    {
        var page = CapturedPage.Text(fixture);
        _exporters.Add(await FakeExporter.StartAsync(_ => page, $"{ip}:{_port}"));
    }

    private async Task<(int Exit, string Output, string Errors)> CheckAsync(string workloads)
    {
        var path = Path.Combine(_directory, "headroom.yaml");
        await File.WriteAllTextAsync(path, $"scrape:\n  port: {_port}\n  timeout: 2s\nworkloads:\n{workloads}");
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await CheckCommand.RunAsync(path, _pods.WriteKubeconfig(_directory), demo: false, 42, "10s", output, errors, CancellationToken.None);
        return (exit, output.ToString(), errors.ToString());
    }

    private static List<string> ErrorLines(string errors) =>
        [.. errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("error: ", StringComparison.Ordinal))];

    public async Task DisposeAsync()
    {
        foreach (var exporter in _exporters) await exporter.DisposeAsync();
        await _pods.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
