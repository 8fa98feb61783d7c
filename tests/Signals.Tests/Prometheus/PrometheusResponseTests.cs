using System.Net;
using System.Text;
using Headroom.Signals.Sources.Prometheus;

namespace Headroom.Signals.Tests.Prometheus;

public sealed class PrometheusResponseTests
{
    private static IReadOnlyList<PrometheusSample> Parse(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        PrometheusClient.ParseVector(status, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_vector_is_read_with_labels_and_special_values()
    {
        var samples = Parse("""
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"pod":"a"},"value":[1700000000.1,"12.5"]},
              {"metric":{"pod":"b"},"value":[1700000000.1,"NaN"]},
              {"metric":{"pod":"c"},"value":[1700000000.1,"+Inf"]}]}}
            """);

        Assert.Equal(12.5, samples[0].Value);
        Assert.Equal("a", samples[0].Labels["pod"]);
        Assert.True(double.IsNaN(samples[1].Value));
        Assert.True(double.IsPositiveInfinity(samples[2].Value));
    }

    [Fact]
    public void An_empty_vector_is_no_series_not_zero() =>
        Assert.Empty(Parse("""{"status":"success","data":{"resultType":"vector","result":[]}}"""));

    [Theory]
    [InlineData("""{"status":"error","errorType":"bad_data","error":"parse error at char 5"}""", "Prometheus query failed (bad_data): parse error at char 5")]
    [InlineData("<html>502 Bad Gateway</html>", "Prometheus answered HTTP 502 with a body that is not JSON")]
    [InlineData("""{"hello":"world"}""", "Prometheus answered HTTP 502 with JSON that is not an API response")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", "Prometheus answered with something other than an instant vector")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"twelve"]}]}}""", "Prometheus answered a series without a [time, \"value\"] pair")]
    [InlineData("""{"status":"success","data":[1]}""", "Prometheus answered HTTP 502 with JSON of the wrong shape")]
    [InlineData("""{"status":7}""", "Prometheus answered HTTP 502 with JSON of the wrong shape")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":7},"value":[1,"1"]}]}}""", "Prometheus answered HTTP 502 with JSON of the wrong shape")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[1,12]}]}}""", "Prometheus answered a series without a [time, \"value\"] pair")]
    public void Garbage_is_an_error_with_a_clear_message(string body, string message) =>
        Assert.Equal(message, Assert.Throws<PrometheusException>(() => Parse(body, HttpStatusCode.BadGateway)).Message);
}

public sealed class PrometheusMatrixTests
{
    private static IReadOnlyList<PrometheusSeries> Parse(string body) =>
        PrometheusClient.ParseMatrix(HttpStatusCode.OK, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_matrix_is_read_with_times_and_values()
    {
        var series = Assert.Single(Parse("""
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{},"values":[[1700000040,"12.5"],[1700000100.5,"NaN"],[1700000160,"3e2"]]}]}}
            """));

        Assert.Empty(series.Labels);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000040), series.Values[0].At);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000100500), series.Values[1].At);
        Assert.Equal(12.5, series.Values[0].Value);
        Assert.True(double.IsNaN(series.Values[1].Value));
        Assert.Equal(300, series.Values[2].Value);
    }

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[]}}""", "Prometheus answered with something other than a range matrix")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{}}]}}""", "Prometheus answered a range series without values")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[["x","1"]]}]}}""", "Prometheus answered a range series with a value that is not a [time, \"value\"] pair")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}}""", "Prometheus answered a range series with a value that is not a [time, \"value\"] pair")]
    [InlineData("""{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries"}""", "Prometheus query failed (bad_data): exceeded maximum resolution of 11,000 points per timeseries")]
    public void Garbage_is_an_error_with_a_clear_message(string body, string message) =>
        Assert.Equal(message, Assert.Throws<PrometheusException>(() => Parse(body)).Message);
}
