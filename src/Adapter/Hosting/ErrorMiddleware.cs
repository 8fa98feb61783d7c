using Headroom.Adapter.Api;

namespace Headroom.Adapter.Hosting;

/// <summary>Turns an unexpected exception into a 500 Status with no stack trace; the details go to the log.</summary>
public sealed class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    /// <summary>Runs the rest of the pipeline, catching what escapes it.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(ex, "Unhandled error serving {Path}", context.Request.Path.Value);
            if (context.Response.HasStarted) throw;
            context.Response.Clear();
            await StatusResponses.WriteAsync(context, 500, "an internal error occurred; see the adapter's log");
        }
    }
}
