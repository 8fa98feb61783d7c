using System.Text.Json;
using Headroom.Adapter.Hosting;

namespace Headroom.Adapter.Tests.Kubectl;

[Collection(DemoAdapterCollection.Name)]
public sealed class KubectlVersionTests(DemoAdapterFixture fixture)
{
    [Fact]
    public async Task Kubectl_version_prints_the_server_version_without_a_skew_warning()
    {
        var result = await fixture.Kubectl.RunAsync("version");

        Assert.True(result.ExitCode == 0, $"kubectl version failed ({result.ExitCode}): {result.Stderr}");
        Assert.Contains($"Server Version: v{ServerVersion.KubernetesMajor}.{ServerVersion.KubernetesMinor}.0+headroom.", result.Stdout);
        Assert.DoesNotContain("version difference", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("warning", result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Server_major_and_minor_are_within_one_minor_of_this_kubectl()
    {
        var versions = (await fixture.Kubectl.RunAsync("version", "-o", "json")).Json();

        var client = versions.GetProperty("clientVersion");
        var server = versions.GetProperty("serverVersion");
        Assert.Equal(Number(client, "major"), Number(server, "major"));
        Assert.InRange(Number(server, "minor"), Number(client, "minor") - 1, Number(client, "minor") + 1);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", server.GetProperty("buildDate").GetString());
        Assert.Matches("^[0-9a-f]{40}$", server.GetProperty("gitCommit").GetString());
        Assert.StartsWith(".NET ", server.GetProperty("goVersion").GetString());
        Assert.Equal($"linux/{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}", server.GetProperty("platform").GetString());
    }

    // kubectl's own minor reads "32+" on builds from a branch; the number is what the skew rule compares.
    private static int Number(JsonElement info, string field) => int.Parse(new string(info.GetProperty(field).GetString()!.TakeWhile(char.IsAsciiDigit).ToArray()));
}
