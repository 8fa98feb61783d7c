using Headroom.Signals.Engines;
using Headroom.Signals.Exposition;
using Headroom.Signals.Sources.Scrape;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Engines.Captured;

/// <summary>
/// Every captured page (tests/fixtures/engines) read through the real parser and the engine's preset yields the values
/// its provenance file states, which a person wrote by reading the page.
/// </summary>
public sealed class CapturedPageTests
{
    public static TheoryData<string> Pages() => [.. CapturedPages.All()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_captured_page_has_a_complete_provenance(string name)
    {
        var provenance = CapturedPages.Provenance(name);

        Assert.False(string.IsNullOrWhiteSpace(provenance.Repository), $"{name}: repository");
        Assert.True(provenance.Path is not null || provenance.Thread is not null, $"{name}: a path or a thread");
        Assert.False(string.IsNullOrWhiteSpace(provenance.Version), $"{name}: version");
        Assert.False(string.IsNullOrWhiteSpace(provenance.Trimmed), $"{name}: what was trimmed, or none");
        Assert.Equal(name.Split('/')[0], provenance.Engine);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_captured_page_parses_without_errors(string name)
    {
        var page = new ExpositionParser(new ParserOptions()).Parse(CapturedPages.Page(name), ExpositionFormat.PrometheusText);

        Assert.Empty(page.Errors);
        Assert.NotEmpty(page.Families);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_captured_page_yields_the_values_read_off_it(string name)
    {
        var provenance = CapturedPages.Provenance(name);
        var expect = provenance.Expect;
        switch (provenance.Engine)
        {
            case "dcgm":
                var duty = DutyCycleJoin.Join([Parse(name, DutyCycleJoin.Families)]);
                Assert.NotNull(expect.DutyCycles);
                Assert.Equal(expect.DutyCycles.Keys.Order(), duty.Keys.Select(k => $"{k.Namespace}/{k.Pod}").Order());
                foreach (var ((ns, pod), value) in duty) Assert.Equal(expect.DutyCycles[$"{ns}/{pod}"], value, 9);
                break;
            case "gateway":
                var families = GatewayPreset.QueueSize.Candidates.Select(c => c.Sample).ToArray();
                Check(name, "flowControlQueue", expect.FlowControlQueue, PageReader.Value(Parse(name, families), GatewayPreset.QueueSize, ratio: false));
                break;
            default:
                var reader = new PageReader(EnginePresets.For(Enum.Parse<EngineKind>(provenance.Engine, ignoreCase: true)));
                var reading = reader.Read(Parse(name, reader.Families), out var olderNames);
                Check(name, "generationTokensTotal", expect.GenerationTokensTotal, reading.GenerationTokensTotal);
                Check(name, "promptTokensTotal", expect.PromptTokensTotal, reading.PromptTokensTotal);
                Check(name, "requestsFinishedTotal", expect.RequestsFinishedTotal, reading.RequestsFinishedTotal);
                Check(name, "requestsWaiting", expect.RequestsWaiting, reading.RequestsWaiting);
                Check(name, "requestsRunning", expect.RequestsRunning, reading.RequestsRunning);
                Check(name, "kvCacheUsage", expect.KvCacheUsage, reading.KvCacheUsage);
                Check(name, "prefixCacheQueriesTotal", expect.PrefixCacheQueriesTotal, reading.PrefixCacheQueriesTotal);
                Check(name, "prefixCacheHitsTotal", expect.PrefixCacheHitsTotal, reading.PrefixCacheHitsTotal);
                Assert.NotNull(expect.OlderNames);
                Assert.Equal(expect.OlderNames.Order(), olderNames.Order());
                break;
        }
    }

    // Every engine reading is stated, so a page cannot pass by leaving out the one it gets wrong.
    private static void Check(string name, string reading, Expected expected, double? actual)
    {
        Assert.True(expected.Stated, $"{name}: the provenance does not state {reading}");
        if (expected.Value is null) Assert.True(actual is null, $"{name}: {reading} should be unknown, was {actual}");
        else
        {
            Assert.True(actual is not null, $"{name}: {reading} should be {expected.Value}, was unknown");
            Assert.Equal(expected.Value.Value, actual.Value, 9);
        }
    }

    private static ParsedPage Parse(string name, IReadOnlyCollection<string> families) =>
        new ExpositionParser(new ParserOptions { Families = families }).Parse(CapturedPages.Page(name), ExpositionFormat.PrometheusText);
}
