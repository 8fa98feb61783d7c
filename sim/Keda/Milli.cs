namespace Headroom.Sim.Keda;

/// <summary>The milli-units KEDA hands to the HPA.</summary>
public static class Milli
{
    /// <summary>
    /// quantityFromFloat64 (pkg/scalers/scaler.go), used by GenerateMetricInMili and GetMetricTargetMili:
    /// the value printed with three decimals, so thousandths rounded to nearest; NaN and infinities become 0.
    /// </summary>
    public static long Of(double value)
    {
        if (!double.IsFinite(value))
        {
            return 0;
        }
        // The HPA reads quantities as int64 milli-units; beyond that range it saturates rather than wraps.
        if (Math.Abs(value) >= long.MaxValue / 1000d)
        {
            return value > 0 ? long.MaxValue : long.MinValue;
        }
        // %.3f rounds the exact binary value; decimal(double) keeps 15 significant digits, which agrees for any value a metric takes.
        return (long)Math.Round((decimal)value * 1000m, MidpointRounding.AwayFromZero);
    }
}
