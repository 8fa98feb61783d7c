using System.CommandLine;
using System.Text.Json;

namespace Headroom.Sim.Tests.Backtest;

public sealed class BacktestCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("headroom-backtest-").FullName;

    private static string Trace(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Headroom.slnx"))) directory = directory.Parent;
        return Path.Combine(directory!.Parent!.FullName, "shared", "traces", name);
    }

    [Fact]
    public void Backtests_a_real_trace_and_writes_scores_and_a_chart()
    {
        var trace = Trace("AzureLLMInferenceTrace_conv.csv");
        Assert.True(File.Exists(trace), $"the shared traces are expected beside the repository: {trace}");
        var output = new StringWriter();

        var exit = Program.BuildRootCommand().Parse(["backtest", "--trace", trace, "--horizon", "5m", "--out", _out])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });

        Assert.True(exit == 0, output.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "backtest.json")));
        var root = json.RootElement;
        Assert.Equal(5, root.GetProperty("horizon_steps").GetInt32());
        Assert.Equal(60, root.GetProperty("step_seconds").GetDouble());
        var models = root.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        Assert.Equal(["auto", "ewma", "holt", "naive", "seasonal-naive"], models.Keys.Order());
        Assert.Equal(1.0, models["seasonal-naive"].GetProperty("mase").GetDouble());
        Assert.All(models.Values, m => Assert.True(m.GetProperty("mae").GetDouble() > 0));
        var svg = File.ReadAllText(Path.Combine(_out, "backtest.svg"));
        Assert.StartsWith("<svg", svg);
        Assert.Contains("<polyline", svg);
    }

    [Fact]
    public void A_bad_horizon_or_trace_is_a_clear_error()
    {
        var output = new StringWriter();
        var bad = Program.BuildRootCommand().Parse(["backtest", "--trace", "nope.csv", "--horizon", "soon", "--out", _out])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(2, bad);
        Assert.Contains("--horizon soon is not a positive duration", output.ToString());

        var missing = Program.BuildRootCommand().Parse(["backtest", "--trace", Path.Combine(_out, "nope.csv"), "--horizon", "5m", "--out", _out])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(1, missing);
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
