using Headroom.Sim.Manifests;
using k8s.Models;
using YamlDotNet.Core;

namespace Headroom.Sim.Hpa;

/// <summary>Reads an autoscaling/v2 HorizontalPodAutoscaler manifest into an <see cref="HpaSpec"/>, defaulted and validated as the API server would.</summary>
public static class HpaSpecReader
{
    /// <summary>Parses the manifest; <paramref name="scaleToZero"/> is the HPAScaleToZero feature gate, which allows minReplicas 0.</summary>
    /// <exception cref="HpaSpecException">The YAML does not parse, or the API server would reject the object.</exception>
    public static HpaSpec Parse(string yaml, bool scaleToZero = false)
    {
        CheckSyntax(yaml);
        V2HorizontalPodAutoscaler? hpa;
        try
        {
            // Strict, as kubectl's default server-side field validation: a misspelt field is an error, not a default.
            hpa = ManifestYaml.Deserialize<V2HorizontalPodAutoscaler>(yaml);
        }
        catch (YamlException e)
        {
            throw Located(e);
        }
        if (hpa is null)
        {
            throw new HpaSpecException("the document is empty");
        }
        if (hpa.ApiVersion != "autoscaling/v2" || hpa.Kind != "HorizontalPodAutoscaler")
        {
            throw new HpaSpecException($"expected apiVersion autoscaling/v2 and kind HorizontalPodAutoscaler, found {hpa.ApiVersion ?? "no apiVersion"} and {hpa.Kind ?? "no kind"}");
        }
        var spec = hpa.Spec ?? throw new HpaSpecException("spec: Required value");
        HpaSpecDefaults.Apply(spec);
        var errors = HpaSpecValidation.Validate(spec, scaleToZero ? 0 : 1);
        if (errors.Count > 0)
        {
            throw new HpaSpecException(string.Join("; ", errors));
        }
        return HpaSpecConversion.ToModel(spec);
    }

    // A pass over the YAML events alone: YamlDotNet's scanner throws InvalidOperationException, with no
    // position, on some malformed input (a flow sequence left open before more lines), so keep the scanner
    // at hand to say where it stopped.
    private static void CheckSyntax(string yaml)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var parser = new Parser(scanner);
        try
        {
            while (parser.MoveNext())
            {
            }
        }
        catch (YamlException e)
        {
            throw Located(e);
        }
        catch (InvalidOperationException e)
        {
            throw new HpaSpecException($"line {scanner.CurrentPosition.Line}, column {scanner.CurrentPosition.Column}: the YAML does not parse (a bracket or quote left open?)", e);
        }
    }

    private static HpaSpecException Located(YamlException e)
    {
        var detail = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
        return new HpaSpecException($"line {e.Start.Line}, column {e.Start.Column}: {detail}", e);
    }
}
