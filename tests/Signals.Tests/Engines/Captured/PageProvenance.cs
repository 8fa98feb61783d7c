using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Headroom.Signals.Tests.Engines.Captured;

/// <summary>
/// Where a captured page came from and what a person reads off it: the <c>.provenance.yaml</c> beside each page under
/// tests/fixtures/engines. The expectations are written from the page, never from what the code returns.
/// </summary>
public sealed class PageProvenance
{
    /// <summary>engine, dcgm or gateway: which reader the page is for.</summary>
    public string Engine { get; set; } = "";

    /// <summary>The repository the page was taken from.</summary>
    public string Repository { get; set; } = "";

    /// <summary>The file in that repository, when the page is in a file.</summary>
    public string? Path { get; set; }

    /// <summary>The issue or pull-request thread, when the page was pasted in one.</summary>
    public string? Thread { get; set; }

    /// <summary>The commit the file was read at, or why it is not known.</summary>
    public string? Commit { get; set; }

    /// <summary>The engine version or naming generation the page shows.</summary>
    public string Version { get; set; } = "";

    /// <summary>What was left out of the page, or none.</summary>
    public string Trimmed { get; set; } = "";

    /// <summary>Anything else a reader of the page should know.</summary>
    public string? Note { get; set; }

    /// <summary>The values read off the page.</summary>
    public PageExpectations Expect { get; set; } = new();

    /// <summary>The provenance file's content.</summary>
    public static PageProvenance Read(string path) =>
        new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<PageProvenance>(File.ReadAllText(path));
}

/// <summary>Values read off a captured page by a person; a key left out of the file is not checked.</summary>
public sealed class PageExpectations
{
    /// <summary>Generated tokens so far (the counter's value).</summary>
    public Expected GenerationTokensTotal { get; set; } = Expected.Unstated;

    /// <summary>Prompt tokens so far.</summary>
    public Expected PromptTokensTotal { get; set; } = Expected.Unstated;

    /// <summary>Requests finished so far, over every finish reason.</summary>
    public Expected RequestsFinishedTotal { get; set; } = Expected.Unstated;

    /// <summary>Requests queued in the engine.</summary>
    public Expected RequestsWaiting { get; set; } = Expected.Unstated;

    /// <summary>Requests running in the engine.</summary>
    public Expected RequestsRunning { get; set; } = Expected.Unstated;

    /// <summary>KV-cache use, 0 to 1.</summary>
    public Expected KvCacheUsage { get; set; } = Expected.Unstated;

    /// <summary>What the prefix cache was asked for so far (tokens or blocks, as the page says).</summary>
    public Expected PrefixCacheQueriesTotal { get; set; } = Expected.Unstated;

    /// <summary>What the prefix cache answered so far, in the unit of its queries.</summary>
    public Expected PrefixCacheHitsTotal { get; set; } = Expected.Unstated;

    /// <summary>Names read that the preset lists after a newer one.</summary>
    public List<string>? OlderNames { get; set; }

    /// <summary>DCGM duty cycle per namespace/pod, 0 to 1.</summary>
    public Dictionary<string, double>? DutyCycles { get; set; }

    /// <summary>The endpoint picker's flow-control queue.</summary>
    public Expected FlowControlQueue { get; set; } = Expected.Unstated;
}
