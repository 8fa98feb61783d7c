using System.Text.Json;
using Headroom.Adapter.Tls;
using Headroom.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Headroom.Adapter.Tests.Ui;

/// <summary>The live page in headless Chromium on a workload with prefill and decode roles: a card per role, each with its own values.</summary>
public sealed class LivePageRolesBrowserTests(SteppedRolesFixture host) : IClassFixture<SteppedRolesFixture>
{
    [ChromiumFact]
    public async Task Each_role_has_a_card_of_its_own_with_the_values_debug_workloads_has_for_it()
    {
        var server = host.Adapter.App.Services.GetRequiredService<ServingCertificate>().Current;
        var (dom, console) = Chromium.Load(host.Adapter.DemoPageUrl!.ToString(), server);
        using var client = host.AuthenticatedClient();
        using var answer = JsonDocument.Parse(await client.GetStringAsync("/debug/workloads"));

        Assert.Empty(console);
        var workloads = answer.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["prefill", "decode"], workloads.Select(w => w.GetProperty("role").GetString()));
        var cards = dom.Split("<section class=\"workload\"").Skip(1).ToArray();
        Assert.Equal(2, cards.Length);
        foreach (var (card, workload) in cards.Zip(workloads))
        {
            var role = workload.GetProperty("role").GetString();
            Assert.Contains($"data-role=\"{role}\"", card[..card.IndexOf('>')]);
            Assert.Contains($"<h2>demo/llama · {role}</h2>", card);
            var desired = workload.GetProperty("decision").GetProperty("desired").GetInt32();
            Assert.Contains($"data-field=\"desired\" data-value=\"{desired}\"", card);
        }
        Assert.Equal(0, workloads[0].GetProperty("decision").GetProperty("forDecode").GetInt32());
        Assert.Equal(0, workloads[1].GetProperty("decision").GetProperty("forPrefill").GetInt32());
    }
}
