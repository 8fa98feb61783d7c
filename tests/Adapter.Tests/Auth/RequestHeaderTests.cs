using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Support;
using Headroom.Adapter.Tls;

namespace Headroom.Adapter.Tests.Auth;

/// <summary>
/// The aggregator's front-proxy path: X-Remote-* headers are trusted only from a certificate that chains to
/// the requestheader CA and carries an allowed name; spoofed headers never name the caller.
/// </summary>
public sealed class RequestHeaderTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-requestheader-").FullName;
    private readonly X509Certificate2 _proxyCa = CertificateFactory.CreateAuthority("front-proxy-ca", TimeSpan.FromDays(1));
    private RunningAdapter _adapter = null!;
    private X509Certificate2 _serving = null!;
    private TestCertificates _clients = null!;

    public async Task InitializeAsync()
    {
        var proxyCaFile = Path.Combine(_directory, "front-proxy-ca.pem");
        await File.WriteAllTextAsync(proxyCaFile, _proxyCa.ExportCertificatePem());
        (_adapter, _, _clients) = await ConfiguredAdapter.StartAsync(_directory, """
            prometheus: {url: "http://127.0.0.1:9"}
            workloads:
              - {name: chat, namespace: llm, seriesLabels: {job: chat}}
            """, options => options with { RequestHeaderClientCaFile = proxyCaFile, RequestHeaderAllowedNames = ["front-proxy-client"] });
        _serving = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(_directory, "serving.pem")));
    }

    [Fact]
    public async Task Spoofed_headers_without_a_certificate_are_401()
    {
        using var response = await Get(certificate: null, ("X-Remote-User", "system:admin"), ("X-Remote-Group", "system:masters"));

        await AssertStatus(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Spoofed_headers_with_an_ordinary_client_certificate_name_the_certificate_not_the_header()
    {
        var viewer = CertificateFactory.CreateClient("viewer", ["dev"], _clients.Authority, TimeSpan.FromDays(1));

        using var response = await Get(viewer, ("X-Remote-User", "system:admin"), ("X-Remote-Group", "system:masters"));

        var status = await AssertStatus(response, HttpStatusCode.Forbidden);
        Assert.Contains("\"viewer\"", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_trusted_front_proxy_names_the_caller()
    {
        var proxy = CertificateFactory.CreateClient("front-proxy-client", [], _proxyCa, TimeSpan.FromDays(1));

        using var admin = await Get(proxy, ("X-Remote-User", "alice"), ("X-Remote-Group", "system:masters"));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);

        using var plain = await Get(proxy, ("X-Remote-User", "bob"), ("X-Remote-Group", "dev"));
        var status = await AssertStatus(plain, HttpStatusCode.Forbidden);
        Assert.Contains("\"bob\"", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_front_proxy_certificate_with_a_name_outside_the_allowed_names_is_401()
    {
        var rogue = CertificateFactory.CreateClient("rogue-proxy", [], _proxyCa, TimeSpan.FromDays(1));

        using var response = await Get(rogue, ("X-Remote-User", "alice"), ("X-Remote-Group", "system:masters"));

        await AssertStatus(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_front_proxy_that_names_nobody_is_not_itself_a_user()
    {
        var proxy = CertificateFactory.CreateClient("front-proxy-client", ["system:masters"], _proxyCa, TimeSpan.FromDays(1));

        using var response = await Get(proxy);

        await AssertStatus(response, HttpStatusCode.Unauthorized);
    }

    private async Task<HttpResponseMessage> Get(X509Certificate2? certificate, params (string Name, string Value)[] headers)
    {
        var handler = new SocketsHttpHandler();
        var serving = _serving;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == serving.GetCertHashString();
        if (certificate is not null) handler.SslOptions.ClientCertificates = [certificate];
        using var client = new HttpClient(handler) { BaseAddress = _adapter.SecureUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> AssertStatus(HttpResponseMessage response, HttpStatusCode code)
    {
        Assert.Equal(code, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        return status;
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
