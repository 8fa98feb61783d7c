using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Headroom.Signals.Tests.Engines.Captured;

/// <summary>
/// One expected reading: a number, null (the page does not have it, so the reading must be unknown) or unstated
/// (the provenance file does not say, so it is not checked).
/// </summary>
public sealed class Expected : IYamlConvertible
{
    /// <summary>The provenance file does not name this reading.</summary>
    public static Expected Unstated => new();

    /// <summary>Whether the provenance file states this reading.</summary>
    public bool Stated { get; private set; }

    /// <summary>The value read off the page; null when the page does not have it.</summary>
    public double? Value { get; private set; }

    void IYamlConvertible.Read(IParser parser, Type expectedType, ObjectDeserializer nestedObjectDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        Stated = true;
        Value = scalar.Value is "null" or "~" or "" ? null : double.Parse(scalar.Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    void IYamlConvertible.Write(IEmitter emitter, ObjectSerializer nestedObjectSerializer) =>
        throw new NotSupportedException("expectations are only read");
}
