namespace Headroom.Fleet;

/// <summary>Where the fleet reports what happens to each request; the replay keeps the statistics.</summary>
public interface IRequestSink
{
    /// <summary>A request of <paramref name="promptTokens"/> prompt tokens produced its last token.</summary>
    void Completed(double arrival, double started, double firstToken, double finished, int promptTokens, int outputTokens);

    /// <summary>A request of <paramref name="promptTokens"/> prompt tokens was given up: it waited longer than the client timeout, or its replica went away.</summary>
    void Dropped(double arrival, double at, int promptTokens);
}
