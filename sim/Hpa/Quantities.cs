using k8s.Models;

namespace Headroom.Sim.Hpa;

/// <summary>Conversions to the milli-units the controller computes in.</summary>
public static class Quantities
{
    /// <summary>Quantity.MilliValue: thousandths, rounded up.</summary>
    public static long Milli(decimal value) => (long)decimal.Ceiling(value * 1000m);

    internal static long Milli(ResourceQuantity quantity) => Milli(quantity.ToDecimal());
}
