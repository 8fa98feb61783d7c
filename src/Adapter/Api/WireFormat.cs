using System.Globalization;
using Headroom.Adapter.Provider;
using Headroom.Signals.Selectors;

namespace Headroom.Adapter.Api;

/// <summary>Converts provider answers into the wire types of each API version.</summary>
public static class WireFormat
{
    /// <summary>metav1.Time: RFC 3339 in UTC, whole seconds.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A custom metric value in v1beta1 shape.</summary>
    public static MetricValueV1Beta1 V1Beta1(ObjectMetricSample s, LabelSelectorJson? selector) =>
        new(Reference(s.Object), s.Sample.Metric, Timestamp(s.Sample.Timestamp), Seconds(s.Sample.Window),
            Value(s.Sample.Value), selector);

    /// <summary>A custom metric value in v1beta2 shape.</summary>
    public static MetricValueV1Beta2 V1Beta2(ObjectMetricSample s, LabelSelectorJson? selector) =>
        new(Reference(s.Object), new MetricIdentifier(s.Sample.Metric, selector), Timestamp(s.Sample.Timestamp),
            Seconds(s.Sample.Window), Value(s.Sample.Value));

    /// <summary>An external metric value.</summary>
    public static ExternalMetricValue External(MetricSample s) =>
        new(s.Metric, s.Labels, Timestamp(s.Timestamp), Seconds(s.Window), Value(s.Value));

    /// <summary>A parsed selector as metav1.LabelSelector; null when it selects everything.</summary>
    public static LabelSelectorJson? Selector(LabelSelector selector)
    {
        if (selector.IsEmpty) return null;
        Dictionary<string, string>? matchLabels = null;
        List<LabelSelectorRequirementJson>? expressions = null;
        foreach (var r in selector.Requirements)
        {
            switch (r.Operator)
            {
                case SelectorOperator.Equals:
                    (matchLabels ??= [])[r.Key] = r.Values[0];
                    break;
                case SelectorOperator.NotEquals:
                    (expressions ??= []).Add(new(r.Key, "NotIn", r.Values));
                    break;
                case SelectorOperator.In:
                    (expressions ??= []).Add(new(r.Key, "In", r.Values));
                    break;
                case SelectorOperator.NotIn:
                    (expressions ??= []).Add(new(r.Key, "NotIn", r.Values));
                    break;
                case SelectorOperator.Exists:
                    (expressions ??= []).Add(new(r.Key, "Exists", null));
                    break;
                case SelectorOperator.DoesNotExist:
                    (expressions ??= []).Add(new(r.Key, "DoesNotExist", null));
                    break;
                default:
                    // Gt and Lt have no metav1.LabelSelector form; the Go library also leaves such selectors out.
                    return null;
            }
        }
        return new LabelSelectorJson(matchLabels, expressions);
    }

    private static ObjectReference Reference(DescribedObject o) => new(o.Kind, o.Namespace, o.Name, o.ApiVersion);

    private static long Seconds(TimeSpan window) => (long)Math.Round(window.TotalSeconds);

    /// <summary>
    /// The value rounded to six significant digits: rates and averages carry floating-point noise that
    /// would otherwise print as "300000001n" where "300m" is meant. The HPA reads milli-units anyway.
    /// </summary>
    public static string Value(double value)
    {
        if (value == 0 || !double.IsFinite(value)) return Quantity.Format(value);
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1;
        var scale = Math.Pow(10, 6 - magnitude);
        return Quantity.Format(Math.Round(value * scale, MidpointRounding.AwayFromZero) / scale);
    }
}
