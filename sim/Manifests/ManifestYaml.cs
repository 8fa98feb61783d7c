using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Headroom.Sim.Manifests;

/// <summary>
/// Reads a manifest as <see cref="KubernetesYaml"/>'s strict deserializer does (camelCase names, the Kubernetes
/// models' JSON names as aliases, their int-or-string, quantity and time converters, duplicate keys refused,
/// merge keys), but with the aliases of only the model types the target type reaches. KubernetesYaml's static
/// constructor maps every model type of the client, over a third of a second of start-up that a replay pays
/// for one HPA manifest.
/// </summary>
internal static class ManifestYaml
{
    private static readonly ConcurrentDictionary<Type, IDeserializer> Deserializers = new();
    private static readonly string ModelNamespace = typeof(V1ObjectMeta).Namespace!;

    /// <summary>The document as a <typeparamref name="T"/>; null when it is empty.</summary>
    /// <exception cref="YamlException">The YAML does not parse, or names a field <typeparamref name="T"/> does not have.</exception>
    public static T? Deserialize<T>(string yaml)
    {
        var deserializer = Deserializers.GetOrAdd(typeof(T), Build);
        using var reader = new StringReader(yaml);
        return deserializer.Deserialize<T>(new MergingParser(new Parser(reader)));
    }

    private static IDeserializer Build(Type root)
    {
        var builder = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .WithTypeConverter(new IntOrStringYamlConverter())
            .WithTypeConverter(new ResourceQuantityYamlConverter())
            .WithTypeConverter(new KubernetesDateTimeYamlConverter())
            .WithTypeConverter(new KubernetesDateTimeOffsetYamlConverter())
            .WithAttemptingUnquotedStringTypeDeserialization();
        foreach (var type in Reachable(root).Where(t => t.Namespace == ModelNamespace && !t.IsInterface && !t.IsAbstract))
        {
            foreach (var property in type.GetProperties())
            {
                if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } json)
                    builder.WithAttributeOverride(type, property.Name, new YamlMemberAttribute { Alias = json.Name, ApplyNamingConventions = false });
            }
        }
        return builder.WithDuplicateKeyChecking().Build();
    }

    /// <summary>The types of <paramref name="root"/>'s properties, their element types, and so on down.</summary>
    internal static IReadOnlySet<Type> Reachable(Type root)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type)) continue;
            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments()) pending.Push(argument);
            }
            if (type.IsArray) pending.Push(type.GetElementType()!);
            if (type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true) continue;
            foreach (var property in type.GetProperties()) pending.Push(property.PropertyType);
        }
        return seen;
    }
}
