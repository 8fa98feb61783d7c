using System.Net;
using System.Text.Json;
using Headroom.Adapter.Demo;
using Headroom.Adapter.Tests.Kubectl;

namespace Headroom.Adapter.Tests.Ui;

/// <summary>
/// Who may read the live page and its data: the same users as every other path (the demo's client certificate), plus,
/// in the demo, a browser that opened the printed address and holds the cookie it was given for it.
/// </summary>
[Collection(DemoAdapterCollection.Name)]
public sealed class LivePageAccessTests(DemoAdapterFixture demo)
{
    private string Token => demo.Adapter.DemoPageUrl!.Query["?token=".Length..];

    private HttpClient Browser() =>
        KubeconfigCredentials.Read(demo.Kubeconfig).CreateClient(demo.Adapter.SecureUrl, presentClientCertificate: false, followRedirects: false);

    [Theory]
    [InlineData("/ui")]
    [InlineData("/ui/ui.js")]
    [InlineData("/ui/ui.css")]
    [InlineData("/debug/history")]
    [InlineData("/debug/workloads")]
    public async Task Without_credentials_every_path_of_the_page_is_401(string path)
    {
        using var browser = Browser();
        using var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_printed_address_sets_a_strict_cookie_and_sends_the_browser_to_the_page_without_the_token()
    {
        using var browser = Browser();
        using var response = await browser.GetAsync(demo.Adapter.DemoPageUrl);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("ui", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{DemoBrowserLogin.CookieName}={Token};", cookie);
        foreach (var attribute in new[] { "secure", "httponly", "samesite=strict", "path=/" })
            Assert.Contains(attribute, cookie.ToLowerInvariant().Split("; "));
    }

    [Theory]
    [InlineData("/ui", "text/html")]
    [InlineData("/ui/ui.js", "text/javascript")]
    [InlineData("/ui/ui.css", "text/css")]
    [InlineData("/debug/workloads", "application/json")]
    [InlineData("/debug/history", "application/json")]
    public async Task The_cookie_reads_the_page_and_its_data(string path, string type)
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"{DemoBrowserLogin.CookieName}={Token}");
        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_page_loads_only_its_own_script_and_style()
    {
        using var client = demo.AuthenticatedClient();
        using var response = await client.GetAsync("/ui");
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var page = await response.Content.ReadAsStringAsync();
        // Relative addresses, so the page works under whatever address reaches the server.
        Assert.Contains("src=\"ui/ui.js\"", page);
        Assert.Contains("href=\"ui/ui.css\"", page);
        Assert.DoesNotContain("http", page.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/ui?token=not-this-runs-token")]
    [InlineData("/ui?token=")]
    public async Task Another_token_in_the_address_is_401_and_sets_no_cookie(string path)
    {
        using var browser = Browser();
        using var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("is not this demo run", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_cookie_is_401()
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/debug/workloads");
        request.Headers.Add("Cookie", $"{DemoBrowserLogin.CookieName}={Token[..^1]}x");
        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_token_is_not_a_bearer_token_and_counts_only_at_the_page()
    {
        using var browser = Browser();
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/debug/workloads");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var refused = await browser.SendAsync(bearer);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var elsewhere = await browser.GetAsync($"/debug/workloads?token={Token}");
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.False(elsewhere.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task History_after_a_point_answers_only_newer_points()
    {
        using var client = demo.AuthenticatedClient();
        using var all = JsonDocument.Parse(await client.GetStringAsync("/debug/history"));
        Assert.Equal(3600, all.RootElement.GetProperty("windowSeconds").GetDouble());
        Assert.Equal(5, all.RootElement.GetProperty("resolutionSeconds").GetDouble());
        var chat = all.RootElement.GetProperty("workloads").EnumerateArray().Single(w => w.GetProperty("workload").GetString() == "chat");
        var points = chat.GetProperty("points").EnumerateArray().ToArray();
        Assert.NotEmpty(points);
        var last = points[^1].GetProperty("at").GetString()!;

        using var after = JsonDocument.Parse(await client.GetStringAsync($"/debug/history?after={Uri.EscapeDataString(last)}"));
        var newer = after.RootElement.GetProperty("workloads").EnumerateArray().Single(w => w.GetProperty("workload").GetString() == "chat")
            .GetProperty("points").EnumerateArray().Select(p => p.GetProperty("at").GetDateTimeOffset());
        Assert.All(newer, at => Assert.True(at > DateTimeOffset.Parse(last, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("after=yesterday")]
    [InlineData("after=2026-12-04T08:00:00Z&after=2026-12-04T09:00:00Z")]
    public async Task History_after_something_that_is_not_one_time_is_400(string query)
    {
        using var client = demo.AuthenticatedClient();
        using var response = await client.GetAsync($"/debug/history?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be one RFC 3339 time", await response.Content.ReadAsStringAsync());
    }
}
