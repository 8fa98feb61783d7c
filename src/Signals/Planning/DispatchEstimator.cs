using Headroom.Forecast.Smoothing;

namespace Headroom.Signals.Planning;

/// <summary>
/// Learns the dispatch factor (<see cref="ReplicaSizing.DispatchLoadFactor"/>) from how many requests the engines hold
/// waiting, by Little's law: requests waiting on average = request rate × mean wait. The sizing model's mean wait for
/// the fleet as it is (its replicas, prefill load and prompt sizes) grows with the factor, so the factor whose
/// prediction, averaged over the same minutes, matches the waiting the engines report is the one this traffic and this
/// routing show.
/// </summary>
public sealed class DispatchEstimator(double prior)
{
    // The factors the model is evaluated at; between two, the fit is linear in the predicted waiting.
    private static readonly double[] Factors = [1, 1.5, 2, 2.5, 3, 4];
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    // Below this many requests waiting on average even at the largest factor, the model predicts almost no waiting
    // and the engines' count, zero or one now and then, says nothing about the factor.
    private const double Informative = 0.05;
    private Ewma _waiting = new(Window);
    private readonly Ewma[] _predicted = Factors.Select(_ => new Ewma(Window)).ToArray();

    /// <summary>The least factor fitted: prompts waiting no more than one queue in front of every replica would make them.</summary>
    public static double LeastFactor => Factors[0];

    /// <summary>The largest factor fitted, however much the engines wait.</summary>
    public static double LargestFactor => Factors[^1];

    /// <summary>The factor to size with: the prior until the waiting the engines report has been informative.</summary>
    public double Factor { get; private set; } = prior;

    /// <summary>Whether <see cref="Factor"/> has been fitted to the engines' waiting rather than left at the prior.</summary>
    public bool Learned { get; private set; }

    /// <summary>
    /// Reads one cycle: <paramref name="replicas"/> ready replicas prefilling <paramref name="promptTokensPerSecond"/>
    /// in prompts whose sizes have index <paramref name="sizes"/> (E[X²]/E[X], tokens), each prefilling
    /// <paramref name="prefillTokensPerSecond"/> alone, serving <paramref name="requestsPerSecond"/> requests, with
    /// <paramref name="waiting"/> requests waiting in their engines now.
    /// </summary>
    public void Observe(int replicas, double promptTokensPerSecond, double sizes, double prefillTokensPerSecond, double requestsPerSecond,
        double waiting, TimeSpan elapsed)
    {
        // One replica has no choice to get wrong; a fleet past its prefill capacity waits whatever the dispatch.
        if (replicas < 2 || !(promptTokensPerSecond > 0) || !(requestsPerSecond > 0) || !(sizes > 0)) return;
        var decay = ReplicaSizing.PromptsAheadDecay(replicas, promptTokensPerSecond, sizes, prefillTokensPerSecond);
        if (!(decay > 0)) return;
        var weight = Ewma.Weight(elapsed, Window);
        var load = promptTokensPerSecond / prefillTokensPerSecond;
        for (var i = 0; i < Factors.Length; i++)
        {
            var offered = ReplicaSizing.DispatchLoad(replicas, Factors[i]) * load;
            _predicted[i].Update(requestsPerSecond * ReplicaSizing.ErlangC(replicas, offered) / decay, weight);
        }
        if (!(_predicted[^1].Value > Informative)) return;
        // The prior counts as what was seen before: the first informative cycles move the factor by their weight in
        // the window, not to whatever a few seconds of waiting say.
        if (_waiting.Value is null) _waiting.Update(PredictedAt(Factor), weight);
        _waiting.Update(waiting, weight);
        Fit();
    }

    /// <summary>The learned factor, for a checkpoint; null while the prior answers.</summary>
    public double? ExportLearned() => Learned ? Factor : null;

    /// <summary>
    /// Continues from a factor learned before (by another replica, or before a restart): it stands for what was seen
    /// then, as the prior would, until this replica's own cycles move it. Null, or one outside the fitted range, keeps the prior.
    /// </summary>
    public void RestoreLearned(double? factor)
    {
        if (factor is not { } k || !(k >= LeastFactor && k <= LargestFactor)) return;
        Factor = k;
        Learned = true;
    }

    // The predicted waiting at a factor between the grid's, linear between the two around it.
    private double PredictedAt(double factor)
    {
        var i = 1;
        while (i < Factors.Length - 1 && Factors[i] < factor) i++;
        var (below, above) = (_predicted[i - 1].Value!.Value, _predicted[i].Value!.Value);
        return below + (above - below) * (factor - Factors[i - 1]) / (Factors[i] - Factors[i - 1]);
    }

    private void Fit()
    {
        var measured = _waiting.Value!.Value;
        Learned = true;
        if (measured <= _predicted[0].Value)
        {
            Factor = Factors[0];
            return;
        }
        for (var i = 1; i < Factors.Length; i++)
        {
            var (below, above) = (_predicted[i - 1].Value!.Value, _predicted[i].Value!.Value);
            if (measured > above) continue;
            Factor = Factors[i - 1] + (Factors[i] - Factors[i - 1]) * (measured - below) / Math.Max(1e-12, above - below);
            return;
        }
        Factor = Factors[^1];
    }
}
