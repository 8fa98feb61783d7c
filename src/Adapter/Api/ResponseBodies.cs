using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Headroom.Adapter.Api;

/// <summary>
/// Writes a whole response body at once, with its Content-Length. Every body here is small and ready in memory, and
/// a streamed one would go out chunked, flushed once for the body and once more for the closing chunk: two TLS
/// records and two sends per request where one does.
/// </summary>
public static class ResponseBodies
{
    /// <summary>Writes <paramref name="value"/> as JSON.</summary>
    public static Task WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type) => WriteJsonAsync(context, Json(value, type));

    /// <summary>Writes a body already rendered as JSON.</summary>
    public static Task WriteJsonAsync(HttpContext context, byte[] json) => Write(context, json, "application/json; charset=utf-8");

    /// <summary>Renders <paramref name="value"/> as JSON.</summary>
    public static byte[] Json<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    /// <summary>Writes <paramref name="text"/> as plain text.</summary>
    public static Task WriteTextAsync(HttpContext context, string text) =>
        Write(context, Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");

    // Written without a flush: the server sends headers and body together when the request completes.
    private static Task Write(HttpContext context, byte[] body, string contentType)
    {
        var response = context.Response;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.BodyWriter.Write(body);
        return Task.CompletedTask;
    }
}
