using System.Security.Cryptography;
using System.Text;
using Headroom.Adapter.Auth;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Headroom.Adapter.Tests.Auth;

/// <summary>Reading a bearer token from an Authorization header value, as Kubernetes' bearertoken authenticator does.</summary>
public sealed class BearerTokenTests
{
    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer abc", "abc")]
    [InlineData("BeArEr abc def", "abc")]
    [InlineData("Bearer  abc", null)]
    [InlineData("Bearer ", null)]
    [InlineData("Bearer", null)]
    [InlineData("Bearerabc", null)]
    [InlineData("Basic abc", null)]
    [InlineData("", null)]
    public void Header_forms(string header, string? token) => Assert.Equal(token, BearerToken.FromHeader(header)?.Token);

    [Fact]
    public void Fingerprint_is_the_hex_sha256_of_the_token() =>
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("abc"))), BearerToken.FromHeader("Bearer abc")!.Fingerprint);

    [Fact]
    public void An_http11_connection_remembers_its_last_token_and_reads_a_changed_header_anew()
    {
        var connection = new Dictionary<object, object?>();
        BearerToken? Read(string header, string protocol = "HTTP/1.1")
        {
            var context = new DefaultHttpContext();
            context.Request.Protocol = protocol;
            context.Features.Set<IConnectionItemsFeature>(new ConnectionItemsFeature { Items = connection });
            context.Request.Headers.Authorization = header;
            return BearerToken.FromRequest(context);
        }

        var first = Read("Bearer one");
        Assert.Same(first, Read("Bearer one"));
        var second = Read("Bearer two");
        Assert.Equal(("one", "two"), (first!.Token, second!.Token));
        Assert.Null(Read("Basic one"));
        Assert.Same(second, Read("Bearer two"));

        // HTTP/2 streams share the connection concurrently: each reads its own header.
        var overHttp2 = Read("Bearer two", "HTTP/2");
        Assert.NotSame(second, overHttp2);
        Assert.Equal("two", overHttp2!.Token);
        Assert.Same(second, connection[typeof(BearerToken)]);
    }

    /// <summary>The per-connection items Kestrel gives every request of a connection.</summary>
    private sealed class ConnectionItemsFeature : IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }
}
