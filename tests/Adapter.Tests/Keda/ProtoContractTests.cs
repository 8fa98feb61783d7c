using Google.Protobuf.Reflection;
using Headroom.Adapter.Keda.Protocol;

namespace Headroom.Adapter.Tests.Keda;

/// <summary>
/// The compiled contract against KEDA's own externalscaler.proto (kedacore/keda, pkg/scalers/externalscaler),
/// written down here field by field from KEDA's source: a rename, renumber or retype breaks KEDA silently on the wire.
/// </summary>
public sealed class ProtoContractTests
{
    private static readonly FileDescriptor File = ExternalscalerReflection.Descriptor;

    public static TheoryData<string, string, int, FieldType, bool, string?> KedaFields => new()
    {
        // message, field, number, type, repeated, message type of the field
        { "ScaledObjectRef", "name", 1, FieldType.String, false, null },
        { "ScaledObjectRef", "namespace", 2, FieldType.String, false, null },
        { "ScaledObjectRef", "scalerMetadata", 3, FieldType.Message, true, "externalscaler.ScaledObjectRef.ScalerMetadataEntry" },
        { "IsActiveResponse", "result", 1, FieldType.Bool, false, null },
        { "GetMetricSpecResponse", "metricSpecs", 1, FieldType.Message, true, "externalscaler.MetricSpec" },
        { "MetricSpec", "metricName", 1, FieldType.String, false, null },
        { "MetricSpec", "targetSize", 2, FieldType.Int64, false, null },
        { "MetricSpec", "targetSizeFloat", 3, FieldType.Double, false, null },
        { "GetMetricsRequest", "scaledObjectRef", 1, FieldType.Message, false, "externalscaler.ScaledObjectRef" },
        { "GetMetricsRequest", "metricName", 2, FieldType.String, false, null },
        { "GetMetricsResponse", "metricValues", 1, FieldType.Message, true, "externalscaler.MetricValue" },
        { "MetricValue", "metricName", 1, FieldType.String, false, null },
        { "MetricValue", "metricValue", 2, FieldType.Int64, false, null },
        { "MetricValue", "metricValueFloat", 3, FieldType.Double, false, null },
    };

    [Fact]
    public void Package_and_file_name_are_KEDAs()
    {
        Assert.Equal("externalscaler", File.Package);
        Assert.Equal("externalscaler.proto", File.Name);
    }

    [Theory]
    [MemberData(nameof(KedaFields))]
    public void Each_field_has_KEDAs_name_number_and_type(string message, string field, int number, FieldType type, bool repeated, string? messageType)
    {
        var descriptor = File.FindTypeByName<MessageDescriptor>(message);
        Assert.NotNull(descriptor);
        var f = descriptor.FindFieldByNumber(number);
        Assert.NotNull(f);
        Assert.Equal(field, f.Name);
        Assert.Equal(type, f.FieldType);
        Assert.Equal(repeated, f.IsRepeated);
        Assert.Equal(messageType, f.FieldType == FieldType.Message ? f.MessageType.FullName : null);
    }

    [Fact]
    public void Messages_have_no_field_KEDA_does_not_send_or_read()
    {
        var expected = KedaFields.Select(row => ((string)row[0], (string)row[1])).ToHashSet();
        var actual = File.MessageTypes.SelectMany(m => m.Fields.InFieldNumberOrder().Select(f => (m.Name, f.Name))).ToHashSet();
        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public void Metadata_is_a_string_to_string_map()
    {
        var entry = File.FindTypeByName<MessageDescriptor>("ScaledObjectRef").FindFieldByName("scalerMetadata");
        Assert.True(entry.IsMap);
        Assert.Equal(FieldType.String, entry.MessageType.FindFieldByName("key").FieldType);
        Assert.Equal(FieldType.String, entry.MessageType.FindFieldByName("value").FieldType);
    }

    public static TheoryData<string, string, string, bool> KedaMethods => new()
    {
        // method, request, response, server streaming
        { "IsActive", "ScaledObjectRef", "IsActiveResponse", false },
        { "StreamIsActive", "ScaledObjectRef", "IsActiveResponse", true },
        { "GetMetricSpec", "ScaledObjectRef", "GetMetricSpecResponse", false },
        { "GetMetrics", "GetMetricsRequest", "GetMetricsResponse", false },
        { "StreamMetricSpec", "ScaledObjectRef", "GetMetricSpecResponse", true },
    };

    [Theory]
    [MemberData(nameof(KedaMethods))]
    public void Each_method_has_KEDAs_signature(string method, string request, string response, bool serverStreaming)
    {
        var service = Assert.Single(File.Services);
        Assert.Equal("externalscaler.ExternalScaler", service.FullName);
        var m = service.FindMethodByName(method);
        Assert.NotNull(m);
        Assert.Equal(request, m.InputType.Name);
        Assert.Equal(response, m.OutputType.Name);
        Assert.Equal(serverStreaming, m.IsServerStreaming);
        Assert.False(m.IsClientStreaming);
    }

    [Fact]
    public void The_service_has_exactly_KEDAs_methods()
    {
        var names = Assert.Single(File.Services).Methods.Select(m => m.Name).Order();
        Assert.Equal(KedaMethods.Select(row => (string)row[0]).Order(), names);
    }
}
