using System.Collections.Concurrent;
using Headroom.Serving.Provider;

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
    // Questions are request targets: the bounds keep a client that sends endless distinct ones, or ones with large
    // answers, from growing memory. Past either, everything kept is dropped and rendered again on demand.
    private const int MaxEntries = 4096;
    private const long MaxBytes = 16 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private readonly Lock _remembering = new();
    private long _bytes;

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
        if (body.Length > MaxBytes) return;
        // Once per question and snapshot, so a lock costs nothing that matters and keeps the byte count exact.
        lock (_remembering)
        {
            var replaced = _answers.TryGetValue(question, out var old) ? old.Body.Length : 0;
            if (_bytes - replaced + body.Length > MaxBytes || (replaced == 0 && _answers.Count >= MaxEntries))
            {
                _answers.Clear();
                _bytes = 0;
                replaced = 0;
            }
            _answers[question] = new Answer(dataVersion, freshUntil, body);
            _bytes += body.Length - replaced;
        }
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
