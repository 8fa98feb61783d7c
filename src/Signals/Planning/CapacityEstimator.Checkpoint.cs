namespace Headroom.Signals.Planning;

public sealed partial class CapacityEstimator
{
    /// <summary>The learned estimate of each dimension, null where the prior still answers.</summary>
    public (double? Prefill, double? Decode) ExportLearned() =>
        (PrefillLearned ? Current.PrefillTokensPerSecond : null, DecodeLearned ? Current.DecodeTokensPerSecond : null);

    /// <summary>Continues from estimates learned before (by another replica, or before a restart); a null dimension keeps the prior.</summary>
    public void RestoreLearned(double? prefill, double? decode)
    {
        if (prefill is { } p && double.IsFinite(p) && p > 0)
        {
            Current = Current with { PrefillTokensPerSecond = p };
            PrefillLearned = true;
        }
        if (decode is { } d && double.IsFinite(d) && d > 0)
        {
            Current = Current with { DecodeTokensPerSecond = d };
            DecodeLearned = true;
        }
    }
}
