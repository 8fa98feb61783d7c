using System.Security.Cryptography;
using System.Text;
using Headroom.Adapter.Api;
using Headroom.Adapter.Auth;
using Microsoft.AspNetCore.WebUtilities;

namespace Headroom.Adapter.Demo;

/// <summary>
/// The demo's way into the live page from a browser, which cannot present the kubeconfig's client certificate without
/// importing it: a random token, new each run, printed in the page's address and exchanged once for a cookie that
/// authenticates as the demo's user (as Jupyter does). Only the demo has one.
/// </summary>
public sealed class DemoBrowserLogin
{
    /// <summary>The cookie that carries the token after the exchange.</summary>
    public const string CookieName = "headroom-demo-session";

    /// <summary>The query parameter of the printed address.</summary>
    public const string QueryName = "token";

    private const string PagePath = "/ui";
    private readonly byte[] _token;

    /// <summary>A fresh token for <paramref name="user"/>.</summary>
    public DemoBrowserLogin(UserInfo user)
    {
        User = user;
        Token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        _token = Encoding.ASCII.GetBytes(Token);
    }

    /// <summary>The token.</summary>
    public string Token { get; }

    /// <summary>Who the token authenticates as.</summary>
    public UserInfo User { get; }

    /// <summary>The live page's address with the token, under the server's base address.</summary>
    public Uri PageUrl(Uri secureUrl) => new(secureUrl, $"{PagePath.TrimStart('/')}?{QueryName}={Token}");

    /// <summary>The demo's user when the request carries the cookie with this run's token, else null.</summary>
    public UserInfo? Authenticate(HttpRequest request) => Matches(request.Cookies[CookieName]) ? User : null;

    /// <summary>
    /// Answers the printed address: with this run's token, sets the cookie and sends the browser to the page without
    /// the token in its address; with another, refuses. Every other request goes on to authentication.
    /// </summary>
    public Task ExchangeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.Value != PagePath || !context.Request.Query.TryGetValue(QueryName, out var presented)) return next(context);
        if (presented.Count != 1 || !Matches(presented[0]))
            return StatusResponses.WriteAsync(context, 401, "the token in the address is not this demo run's: open the address the demo printed when it started");
        context.Response.Cookies.Append(CookieName, Token, new CookieOptions
        {
            Secure = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
        });
        // Relative, so that the browser stays on whatever address it used; 303 makes it a plain GET without the query.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = PagePath.TrimStart('/');
        return Task.CompletedTask;
    }

    // Constant time, so that how long a refusal takes says nothing about how much of a guess was right.
    private bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), _token);
}
