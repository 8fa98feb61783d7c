using System.Globalization;
using System.Text.Json;
using Headroom.Adapter.Tls;
using Headroom.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Headroom.Adapter.Tests.Ui;

/// <summary>
/// The live page in headless Chromium, from the adapter on the demo fleet at the address the demo prints: no console
/// message, every workload's card with its charts drawn from the history, and each value shown equal to what
/// /debug/workloads answers. The fleet and the pipeline run on a clock the fixture has stopped, so the observation the
/// page shows is the one /debug/workloads answers after the browser is done, however long the browser took.
/// </summary>
public sealed class LivePageBrowserTests(SteppedDemoFixture demo) : IClassFixture<SteppedDemoFixture>
{
    // Field on the page, where /debug/workloads has it, and the scale the page shows it at.
    private static readonly (string Field, Func<JsonElement, JsonElement?> Read, double Scale)[] Numbers =
    [
        ("prompt-demand", w => Decision(w, "promptDemand"), 1),
        ("demand", w => Decision(w, "demand"), 1),
        ("forecast", w => Decision(w, "forecastDemand"), 1),
        ("ready", w => Decision(w, "readyReplicas"), 1),
        ("starting", w => Decision(w, "startingReplicas"), 1),
        ("desired", w => Decision(w, "desired"), 1),
        ("queue", w => Value(w, "headroom_queue_depth"), 1),
        ("kv", w => Value(w, "headroom_kv_cache_utilization"), 100),
        ("gpu", w => Value(w, "headroom_gpu_duty_cycle"), 100),
        ("prefill-capacity", w => Decision(w, "prefillCapacityPerReplica"), 1),
        ("decode-capacity", w => Decision(w, "decodeCapacityPerReplica"), 1),
        ("cold-start", w => Value(w, "headroom_cold_start_seconds"), 1),
    ];

    private static readonly string[] ChartNames = ["demand", "prompt", "replicas", "queue", "utilisation"];

    [ChromiumFact]
    public async Task The_page_shows_each_workloads_charts_and_the_values_debug_workloads_has()
    {
        var server = demo.Adapter.App.Services.GetRequiredService<ServingCertificate>().Current;
        var (dom, console) = Chromium.Load(demo.Adapter.DemoPageUrl!.ToString(), server);
        using var client = demo.AuthenticatedClient();
        using var answer = JsonDocument.Parse(await client.GetStringAsync("/debug/workloads"));
        using var history = JsonDocument.Parse(await client.GetStringAsync("/debug/history"));

        Assert.Empty(console);
        var workloads = answer.RootElement.EnumerateArray().ToArray();
        var cards = RenderedPage.Cards(dom);
        Assert.Equal(["demo/chat", "demo/code"], cards.Select(c => $"{c.Namespace}/{c.Workload}"));
        Assert.Equal(workloads.Select(w => $"{w.GetProperty("namespace")}/{w.GetProperty("workload")}"), cards.Select(c => $"{c.Namespace}/{c.Workload}"));
        foreach (var (card, workload) in cards.Zip(workloads))
        {
            Assert.Equal(workload.GetProperty("observedAt").GetString(), card.Fields["observed-at"].Value);
            AssertChartsDrawn(card, history.RootElement);
            AssertSameValues(card, workload);
        }
    }

    [ChromiumFact]
    public void The_console_check_sees_an_error()
    {
        // The control: a page that logs an error and throws must fail the same check.
        var (_, console) = Chromium.Load("data:text/html,<script>console.error('broken'); undefinedFunction();</script>");
        Assert.Equal(2, console.Count);
        Assert.Contains(console, l => l.Contains("undefinedFunction", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public void Without_the_demos_token_the_browser_gets_no_page()
    {
        var server = demo.Adapter.App.Services.GetRequiredService<ServingCertificate>().Current;
        var (dom, _) = Chromium.Load(new Uri(demo.Adapter.SecureUrl, "ui").ToString(), server, TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("<section class=\"workload\"", dom);
        Assert.Contains("\"reason\":\"Unauthorized\"", dom);
    }

    private static void AssertChartsDrawn(RenderedCard card, JsonElement history)
    {
        Assert.Equal(ChartNames, card.Charts.Keys);
        var points = history.GetProperty("workloads").EnumerateArray().Single(w => w.GetProperty("workload").GetString() == card.Workload)
            .GetProperty("points").EnumerateArray().ToArray();
        // Two minutes of cycles at a point per 5 s.
        Assert.InRange(points.Length, 20, 25);
        var banded = points.Any(p => p.TryGetProperty("forecastLow", out _));
        foreach (var (chart, series) in card.Charts)
        {
            foreach (var (name, drawn) in series)
            {
                // Only a fitted forecast has a band and a point forecast; the demo fits one after an hour.
                if (name is "band" or "point" && !banded) Assert.Equal(0, drawn);
                else Assert.True(drawn > 0, $"{card.Workload}: chart {chart} drew no point of {name}");
            }
        }
    }

    private static void AssertSameValues(RenderedCard card, JsonElement workload)
    {
        foreach (var (field, read, scale) in Numbers)
        {
            var expected = read(workload) ?? throw new InvalidOperationException($"{card.Workload}: /debug/workloads has no {field}");
            var shown = card.Fields[field];
            Assert.Equal(expected.GetDouble(), double.Parse(shown.Value, CultureInfo.InvariantCulture));
            // The text is the same number rounded to the decimals it shows.
            var text = shown.Shown.Replace(",", "", StringComparison.Ordinal);
            var decimals = text.Contains('.') ? text.Length - text.IndexOf('.') - 1 : 0;
            Assert.True(Math.Abs(double.Parse(text, CultureInfo.InvariantCulture) - expected.GetDouble() * scale) <= 0.5 * Math.Pow(10, -decimals) + 1e-9,
                $"{card.Workload} {field}: shows {shown.Shown} for {expected.GetDouble() * scale}");
        }
        var decision = workload.GetProperty("decision");
        Assert.Equal(decision.GetProperty("boundBy").GetString(), card.Fields["reason"].Value);
        Assert.StartsWith($"Desired {decision.GetProperty("desired").GetInt32()}: ", card.Reason);
        Assert.Contains($"compute {decision.GetProperty("forCompute").GetInt32()}", card.Reason);
        Assert.Contains($"decode {decision.GetProperty("forDecode").GetInt32()}", card.Reason);
        if (decision.TryGetProperty("forecastBand", out var band))
        {
            Assert.Equal(band.GetProperty("point").GetDouble(), double.Parse(card.Fields["forecast-band"].Value, CultureInfo.InvariantCulture));
            Assert.Equal(band.GetProperty("low").GetDouble(), double.Parse(card.Fields["forecast-band"].Attributes["data-low"], CultureInfo.InvariantCulture));
            Assert.Equal(band.GetProperty("high").GetDouble(), double.Parse(card.Fields["forecast-band"].Attributes["data-high"], CultureInfo.InvariantCulture));
        }
        else Assert.Equal("", card.Fields["forecast-band"].Value);
    }

    private static JsonElement? Decision(JsonElement workload, string name) =>
        workload.TryGetProperty("decision", out var d) && d.TryGetProperty(name, out var v) ? v : null;

    private static JsonElement? Value(JsonElement workload, string name) =>
        workload.GetProperty("values").TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v : null;
}
