namespace Headroom.Adapter.Api;

/// <summary>Writes errors as metav1.Status with the code and reason Kubernetes clients expect.</summary>
public static class StatusResponses
{
    /// <summary>Writes a Status with the reason that belongs to the code.</summary>
    public static Task WriteAsync(HttpContext context, int code, string message, StatusDetails? details = null)
    {
        context.Response.StatusCode = code;
        var status = new Status(message, ReasonFor(code), code, details);
        return ResponseBodies.WriteJsonAsync(context, status, ApiJsonContext.Default.Status);
    }

    /// <summary>The metav1.StatusReason for an HTTP code.</summary>
    public static string ReasonFor(int code) => code switch
    {
        StatusCodes.Status400BadRequest => "BadRequest",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "NotFound",
        StatusCodes.Status405MethodNotAllowed => "MethodNotAllowed",
        StatusCodes.Status406NotAcceptable => "NotAcceptable",
        StatusCodes.Status408RequestTimeout => "Timeout",
        StatusCodes.Status413PayloadTooLarge => "RequestEntityTooLarge",
        // Kubernetes has no reason of its own for these two; its server answers them as bad requests.
        StatusCodes.Status414RequestUriTooLong or StatusCodes.Status431RequestHeaderFieldsTooLarge => "BadRequest",
        StatusCodes.Status429TooManyRequests => "TooManyRequests",
        StatusCodes.Status503ServiceUnavailable => "ServiceUnavailable",
        StatusCodes.Status504GatewayTimeout => "Timeout",
        _ => "InternalError",
    };
}
