namespace Headroom.Signals.Tests.Planning;

/// <summary>One prefill demand as the planner sizes it: arriving prompt tokens/s, the spread of prompt sizes, one replica's prefill rate and the objective.</summary>
public sealed record PrefillCase(double Arriving, double Sizes, double Dispersion, double PromptTokens, double Rate, double Ttft, double Misses)
{
    /// <summary>One replica's prefill time for the mean prompt, as the sizing computes it.</summary>
    public double OwnPrefill => PromptTokens / Rate;

    public override string ToString() =>
        $"arriving {Arriving:R} tok/s, sizes {Sizes:R}, dispersion {Dispersion:R}, prompt {PromptTokens:R}, rate {Rate:R}, ttft {Ttft:R} s, misses {Misses:R}";
}
