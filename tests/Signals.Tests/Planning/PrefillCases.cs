using FsCheck;
using FsCheck.Fluent;

namespace Headroom.Signals.Tests.Planning;

/// <summary>Runs of prefill demands a planner might size one after another: loads from a trickle to hundreds of replicas.</summary>
public static class PrefillCases
{
    public static Arbitrary<PrefillCase[]> Runs() => Case().ArrayOf().Select(cases => cases.Take(8).ToArray()).ToArbitrary();

    // Prompts that take a replica longer than the objective cannot meet it anywhere: the sizing excludes them, so a mean
    // prompt's own prefill stays within half the objective, where an answer exists for every load.
    private static Gen<PrefillCase> Case() =>
        from rate in Fraction(500, 60_000)
        from load in Gen.OneOf(Fraction(0.0002, 2), Fraction(0.5, 40), Fraction(20, 300))
        from prompt in Fraction(1, 20_000)
        from spread in Fraction(0.01, 2)
        from burst in Fraction(0.01, 5)
        from ttft in Fraction(0.2, 10)
        from attainment in Fraction(0.5, 0.999)
        let promptTokens = Math.Min(prompt, 0.5 * ttft * rate)
        select new PrefillCase(load * rate, spread * promptTokens, burst * promptTokens, promptTokens, rate, ttft, 1 - attainment);

    private static Gen<double> Fraction(double from, double to) =>
        Gen.Choose(0, 1_000_000).Select(step => from + (to - from) * step / 1_000_000);
}
