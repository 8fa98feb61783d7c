namespace Headroom.Adapter.Tests.Support;

/// <summary>Prometheus scrape_configs shared by the tests that run a real Prometheus over fake exporters.</summary>
public static class ScrapeConfigs
{
    /// <summary>Two vLLM pods of workload chat (job chat, namespace llm) and a DCGM exporter whose series name the pods themselves.</summary>
    public static string ChatPodsAndDcgm(FakeExporter podA, FakeExporter podB, FakeExporter dcgm) => $$"""
          - job_name: chat
            static_configs:
              - targets: ["{{podA.HostPort}}"]
                labels: {namespace: llm, pod: chat-a}
              - targets: ["{{podB.HostPort}}"]
                labels: {namespace: llm, pod: chat-b}
          - job_name: dcgm
            honor_labels: true
            static_configs:
              - targets: ["{{dcgm.HostPort}}"]
                labels: {namespace: gpu-operator, pod: dcgm-exporter-x}

        """;
}
