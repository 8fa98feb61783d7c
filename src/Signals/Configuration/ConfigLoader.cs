using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Headroom.Signals.Configuration;

/// <summary>Reads --config: YAML in, a validated <see cref="HeadroomConfig"/> out.</summary>
public static class ConfigLoader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Loads and validates a config file.</summary>
    /// <exception cref="ConfigException">The file cannot be read, is not valid YAML, has unknown fields, or fails validation.</exception>
    public static HeadroomConfig LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([$"{path}: cannot be read: {ex.Message}"]);
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates config text; <paramref name="origin"/> names it in messages.</summary>
    public static HeadroomConfig Parse(string yaml, string origin = "config")
    {
        ConfigFile? file;
        try
        {
            file = Yaml.Deserialize<ConfigFile?>(yaml);
        }
        catch (YamlException ex)
        {
            // YamlDotNet names unknown fields and type mismatches with their position; keep its words.
            var reason = ex.InnerException?.Message ?? ex.Message;
            throw new ConfigException([$"{origin}: line {ex.Start.Line}, column {ex.Start.Column}: {reason}"]);
        }
        return ConfigValidator.Validate(file ?? new ConfigFile());
    }
}
