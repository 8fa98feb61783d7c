using System.Collections.Concurrent;
using Headroom.Adapter.Provider;

namespace Headroom.Adapter.Api;

/// <summary>
/// Metric answers as rendered JSON, reused while the provider's data is the same and every sample in them is fresh.
/// Autoscalers ask the same few questions every sync, and rendering them (selectors, samples, quantities, JSON) is
/// the largest part of a request's own CPU. An answer is reused only when rendering it again would give the same
/// bytes: a new snapshot, or a sample reaching its staleness bound, sends the question back to the provider, which
/// then answers or refuses it as it would have anyway.
/// </summary>
public sealed class RenderedAnswers(TimeProvider time)
{
    // Questions are request targets; the bound keeps a client that sends endless distinct ones from growing memory.
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);

    /// <summary>The rendered answer to the question, if it was rendered from this data version and is still fresh.</summary>
    public bool TryGet(string question, object dataVersion, out byte[] body)
    {
        if (_answers.TryGetValue(question, out var answer) && ReferenceEquals(answer.DataVersion, dataVersion) && time.GetUtcNow() <= answer.FreshUntil)
        {
            body = answer.Body;
            return true;
        }
        body = [];
        return false;
    }

    /// <summary>Keeps an answer rendered from <paramref name="dataVersion"/>, read before the provider was asked.</summary>
    public void Remember(string question, object dataVersion, DateTimeOffset freshUntil, byte[] body)
    {
        if (_answers.Count >= MaxEntries && !_answers.ContainsKey(question)) _answers.Clear();
        _answers[question] = new Answer(dataVersion, freshUntil, body);
    }

    /// <summary>The earliest instant at which one of the samples goes stale; never, for no samples.</summary>
    public static DateTimeOffset FreshUntil(IEnumerable<MetricSample> samples)
    {
        var until = DateTimeOffset.MaxValue;
        foreach (var sample in samples)
        {
            if (sample.FreshUntil < until) until = sample.FreshUntil;
        }
        return until;
    }

    private sealed record Answer(object DataVersion, DateTimeOffset FreshUntil, byte[] Body);
}
