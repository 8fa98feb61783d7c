using k8s.Autorest;

namespace Headroom.Adapter.Auth;

/// <summary>Says why a TokenReview or SubjectAccessReview call failed, without echoing what was sent.</summary>
public static class ReviewFailure
{
    /// <summary>A short description fit for a log line or a Status message.</summary>
    /// <remarks>
    /// Exception objects are not logged whole: the client's exceptions carry the request, whose body holds the
    /// bearer token under review.
    /// </remarks>
    public static string Describe(Exception exception, TimeSpan timeout) => exception switch
    {
        OperationCanceledException => $"no answer from the API server within {timeout.TotalSeconds:0.###}s",
        HttpOperationException http => $"the API server answered {(int)http.Response.StatusCode} {http.Response.ReasonPhrase}".TrimEnd(),
        _ => exception.Message,
    };
}
