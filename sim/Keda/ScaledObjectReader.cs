using System.Text.RegularExpressions;
using Headroom.Sim.Manifests;
using YamlDotNet.Core;

namespace Headroom.Sim.Keda;

/// <summary>Reads a keda.sh/v1alpha1 ScaledObject manifest into a <see cref="ScaledObject"/>, validated and defaulted as KEDA would.</summary>
public static partial class ScaledObjectReader
{
    /// <summary>Reads the manifest at <paramref name="path"/>.</summary>
    /// <exception cref="ScaledObjectException">The YAML does not parse, or KEDA would reject the object.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ScaledObject Read(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses the manifest; every field must be one KEDA's v1alpha1 types define.</summary>
    /// <exception cref="ScaledObjectException">The YAML does not parse, or KEDA would reject the object; the message names the field.</exception>
    public static ScaledObject Parse(string yaml)
    {
        ScaledObjectDocument? document;
        try
        {
            // Strict, as the API server prunes nothing silently under kubectl's default field validation:
            // a misspelt field is an error, not a default.
            document = ManifestYaml.Deserialize<ScaledObjectDocument>(yaml);
        }
        catch (YamlException e)
        {
            throw Located(yaml, e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this, with no position, on some malformed input.
            throw new ScaledObjectException($"the YAML does not parse: {e.Message}", e);
        }
        if (document is null)
        {
            throw new ScaledObjectException("the document is empty");
        }
        var errors = ScaledObjectValidation.Validate(document);
        if (errors.Count == 0)
        {
            var model = ScaledObjectConversion.ToModel(document, errors);
            if (errors.Count == 0)
            {
                return model;
            }
        }
        throw new ScaledObjectException(string.Join("; ", errors));
    }

    // Turns the deserializer's "Property 'x' not found on type 'y'" or conversion error into one that
    // names the field's path, as the API server's strict field validation does.
    private static ScaledObjectException Located(string yaml, YamlException e)
    {
        var where = $"line {e.Start.Line}, column {e.Start.Column}";
        var path = YamlFieldPath.At(yaml, e.Start);
        var detail = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
        if (UnknownProperty().Match(detail) is { Success: true } unknown && path is not null)
        {
            return new ScaledObjectException($"{path}: unknown field \"{unknown.Groups[1].Value}\" ({where})", e);
        }
        if (path is not null && e.InnerException is { } conversion)
        {
            return new ScaledObjectException($"{path}: invalid value: {conversion.Message} ({where})", e);
        }
        return new ScaledObjectException(path is null ? $"{where}: {detail}" : $"{path}: {detail} ({where})", e);
    }

    [GeneratedRegex("Property '([^']+)' not found on type")]
    private static partial Regex UnknownProperty();
}
