namespace Headroom.Serving.Provider;

/// <summary>Why a provider could not answer.</summary>
public enum ProviderError
{
    /// <summary>The metric, object or namespace does not exist.</summary>
    NotFound,
    /// <summary>The data is missing or too stale to trust; the client should hold.</summary>
    Unavailable,
}

/// <summary>A provider's refusal to answer, which the HTTP layer turns into a Status.</summary>
public sealed class MetricsProviderException(ProviderError error, string message) : Exception(message)
{
    /// <summary>The kind of refusal.</summary>
    public ProviderError Error { get; } = error;
}
