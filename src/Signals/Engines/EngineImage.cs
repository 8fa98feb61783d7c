using Headroom.Signals.Workloads;

namespace Headroom.Signals.Engines;

/// <summary>
/// Reads an engine's version off a pod's container images: the container whose image repository is the engine's
/// (<c>vllm/vllm-openai:v0.8.5</c>, <c>ghcr.io/huggingface/text-generation-inference:3.0.1</c>,
/// <c>lmsysorg/sglang:v0.4.6</c>, <c>nvcr.io/nvidia/tritonserver:24.12-trtllm-python-py3</c>), and its tag. No captured
/// page carries the engine's version, so the image is the one place it shows.
/// </summary>
public static class EngineImage
{
    /// <summary>The version reported when it cannot be told: no pod list, a moving tag (<c>latest</c>), a digest alone, or no image of the engine's.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// The tag of the first image among <paramref name="images"/> whose repository is <paramref name="engine"/>'s,
    /// as written (<c>v0.8.5</c>, <c>24.12-trtllm-python-py3</c>); <see cref="Unknown"/> when no image is the engine's,
    /// or its tag is missing, <c>latest</c>, or only a digest pins it.
    /// </summary>
    public static string VersionOf(EngineKind engine, IReadOnlyList<string> images)
    {
        if (RepositoryMark(engine) is not { } mark) return Unknown;
        foreach (var image in images)
        {
            var (repository, tag) = Split(image);
            var name = repository[(repository.LastIndexOf('/') + 1)..];
            if (!name.Contains(mark, StringComparison.OrdinalIgnoreCase)) continue;
            return tag is null || tag.Equals("latest", StringComparison.OrdinalIgnoreCase) ? Unknown : tag;
        }
        return Unknown;
    }

    // The last path segment of each engine's published images: vllm/vllm-openai, rocm/vllm, huggingface/text-generation-inference,
    // lmsysorg/sglang, nvidia/tritonserver. A custom engine's image says nothing Headroom can read.
    private static string? RepositoryMark(EngineKind engine) => engine switch
    {
        EngineKind.Vllm => "vllm",
        EngineKind.Tgi => "text-generation-inference",
        EngineKind.Sglang => "sglang",
        EngineKind.Triton => "tritonserver",
        _ => null,
    };

    // registry[:port]/path/name[:tag][@digest]: the tag is after the last colon that follows the last slash.
    private static (string Repository, string? Tag) Split(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var named = at < 0 ? image : image[..at];
        var colon = named.LastIndexOf(':');
        return colon > named.LastIndexOf('/') ? (named[..colon], named[(colon + 1)..]) : (named, null);
    }
}
