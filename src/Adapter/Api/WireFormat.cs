using System.Globalization;
using Headroom.Serving.Provider;
using Headroom.Serving.Quantities;
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
            ServedValue.Format(s.Sample.Value), selector);

    /// <summary>A custom metric value in v1beta2 shape.</summary>
    public static MetricValueV1Beta2 V1Beta2(ObjectMetricSample s, LabelSelectorJson? selector) =>
        new(Reference(s.Object), new MetricIdentifier(s.Sample.Metric, selector), Timestamp(s.Sample.Timestamp),
            Seconds(s.Sample.Window), ServedValue.Format(s.Sample.Value));

    /// <summary>An external metric value.</summary>
    public static ExternalMetricValue External(MetricSample s) =>
        new(s.Metric, s.Labels, Timestamp(s.Timestamp), Seconds(s.Window), ServedValue.Format(s.Value));

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
}
