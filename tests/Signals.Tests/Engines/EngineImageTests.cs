using Headroom.Signals.Engines;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Engines;

public sealed class EngineImageTests
{
    [Theory]
    [InlineData(EngineKind.Vllm, "vllm/vllm-openai:v0.8.5", "v0.8.5")]
    [InlineData(EngineKind.Vllm, "docker.io/vllm/vllm-openai:v0.10.1.1", "v0.10.1.1")]
    [InlineData(EngineKind.Vllm, "rocm/vllm:rocm6.3.1_vllm_0.8.5_20250521", "rocm6.3.1_vllm_0.8.5_20250521")]
    [InlineData(EngineKind.Tgi, "ghcr.io/huggingface/text-generation-inference:3.0.1", "3.0.1")]
    [InlineData(EngineKind.Sglang, "lmsysorg/sglang:v0.4.6", "v0.4.6")]
    [InlineData(EngineKind.Triton, "nvcr.io/nvidia/tritonserver:24.12-trtllm-python-py3", "24.12-trtllm-python-py3")]
    [InlineData(EngineKind.Vllm, "registry.local:5000/mirror/vllm-openai:v0.9.2@sha256:9c1f", "v0.9.2")]
    [InlineData(EngineKind.Vllm, "vllm/vllm-openai:latest", "unknown")]
    [InlineData(EngineKind.Vllm, "vllm/vllm-openai", "unknown")]
    [InlineData(EngineKind.Vllm, "registry.local:5000/vllm/vllm-openai", "unknown")]
    [InlineData(EngineKind.Vllm, "vllm/vllm-openai@sha256:9c1f", "unknown")]
    [InlineData(EngineKind.Vllm, "lmsysorg/sglang:v0.4.6", "unknown")]
    [InlineData(EngineKind.Custom, "myorg/llm-server:1.2", "unknown")]
    public void The_version_is_the_tag_of_the_engines_image(EngineKind engine, string image, string expected) =>
        Assert.Equal(expected, EngineImage.VersionOf(engine, [image]));

    [Fact]
    public void The_engines_container_is_found_among_sidecars()
    {
        Assert.Equal("v0.6.6", EngineImage.VersionOf(EngineKind.Sglang, ["envoyproxy/envoy:v1.31.0", "lmsysorg/sglang:v0.6.6", "busybox:1.36"]));
        Assert.Equal("unknown", EngineImage.VersionOf(EngineKind.Sglang, []));
    }
}
