using System.Text;
using Headroom.Signals.Exposition;

namespace Headroom.Signals.Tests.Exposition;

/// <summary>
/// Tests that measure the process's managed heap, which every test running beside them would add to, so they run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMemoryCollection
{
    public const string Name = "process-wide memory";
}

/// <summary>
/// The attack: a pod serves a page of its engine's own families whose label values are long and new on every
/// scrape. The parser's caches stay within their byte budgets whatever it is fed, and a page bringing more new
/// text than a page's budget is refused as a whole.
/// </summary>
[Collection(ProcessWideMemoryCollection.Name)]
public sealed class HostilePageMemoryTests
{
    private static string HighCardinality(int page, int lines, int valueBytes)
    {
        var text = new StringBuilder("# TYPE vllm:num_requests_waiting gauge\n");
        for (var i = 0; i < lines; i++)
            text.Append("vllm:num_requests_waiting{model_name=\"").Append(page).Append('-').Append(i).Append('-').Append('x', valueBytes).Append("\"} 1\n");
        return text.ToString();
    }

    [Fact]
    public void Pages_of_ever_new_long_label_values_do_not_grow_the_parser_past_its_budget()
    {
        var parser = new ExpositionParser(new ParserOptions { Families = VllmMetricsPage.WantedFamilies });
        var before = GC.GetTotalMemory(forceFullCollection: true);

        // Each page brings 450 KB of new label values, within one page's budget; 60 of them bring 27 MB, and kept in
        // the caches (keys, decoded strings and label-set keys) they would hold about 110 MB.
        for (var page = 0; page < 60; page++)
        {
            var parsed = parser.Parse(Encoding.UTF8.GetBytes(HighCardinality(page, 15, 30_000)), ExpositionFormat.PrometheusText);
            Assert.False(parsed.OverTextBudget);
            Assert.Equal(15, parsed.Family("vllm:num_requests_waiting")!.Samples.Count);
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(parser);
        Assert.True(retained < 32 << 20, $"the parser retains {retained >> 20} MiB");
    }

    [Fact]
    public void A_page_with_more_new_text_than_its_budget_is_refused_and_an_honest_one_is_not()
    {
        var parser = new ExpositionParser(new ParserOptions { Families = VllmMetricsPage.WantedFamilies, MaxNewTextBytes = 200_000 });

        var honest = parser.Parse(Encoding.UTF8.GetBytes(VllmMetricsPage.Generate(ExpositionFormat.PrometheusText)), ExpositionFormat.PrometheusText);
        var hostile = parser.Parse(Encoding.UTF8.GetBytes(HighCardinality(0, 100, 4_000)), ExpositionFormat.PrometheusText);
        var honestAgain = parser.Parse(Encoding.UTF8.GetBytes(VllmMetricsPage.Generate(ExpositionFormat.PrometheusText)), ExpositionFormat.PrometheusText);

        Assert.False(honest.OverTextBudget);
        Assert.True(hostile.OverTextBudget);
        Assert.False(hostile.Complete);
        Assert.Contains("not seen before", hostile.Errors[^1].Message);
        Assert.False(honestAgain.OverTextBudget);
        Assert.True(honestAgain.Complete);
    }
}
