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
        Assert.Equal(["auto", "ewma", "ewma-h", "holt", "naive", "seasonal-naive"], models.Keys.Order());
        // What served each auto forecast is counted, and the counts add up to auto's forecasts.
        var choices = root.GetProperty("auto_choices").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetInt32());
        Assert.Equal(models["auto"].GetProperty("forecasts").GetInt32(), choices.Values.Sum());
        Assert.Contains("naive", choices.Keys);
        Assert.Equal(1.0, models["seasonal-naive"].GetProperty("mase").GetDouble());
        Assert.All(models.Values, m => Assert.True(m.GetProperty("mae").GetDouble() > 0));
        var svg = File.ReadAllText(Path.Combine(_out, "backtest.svg"));
        Assert.StartsWith("<svg", svg);
        Assert.Contains("<polyline", svg);
    }

    [Fact]
    public void A_fleet_gives_the_horizons_of_its_cold_start_p50_and_p90()
    {
        var trace = Trace("AzureLLMInferenceTrace_conv.csv");
        var fleet = Path.Combine(_out, "fleet.yaml");
        File.WriteAllText(fleet, "coldStart:\n  p50: 120s\n  p90: 300s\n");
        var output = new StringWriter();

        var exit = Program.BuildRootCommand().Parse(["backtest", "--trace", trace, "--fleet", fleet, "--out", _out])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });

        Assert.True(exit == 0, output.ToString());
        int Steps(string name)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, name, "backtest.json")));
            return json.RootElement.GetProperty("horizon_steps").GetInt32();
        }
        Assert.Equal(2, Steps("cold-start-p50"));
        Assert.Equal(5, Steps("cold-start-p90"));
        Assert.Contains("cold-start-p90: horizon 300 s", output.ToString());
    }

    [Fact]
    public void A_bad_horizon_or_trace_is_a_clear_error()
    {
        var output = new StringWriter();
        var bad = Program.BuildRootCommand().Parse(["backtest", "--trace", "nope.csv", "--horizon", "soon", "--out", _out])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(2, bad);
        Assert.Contains("--horizon soon is not a positive duration", output.ToString());

        var neither = Program.BuildRootCommand().Parse(["backtest", "--trace", "nope.csv", "--out", _out])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(2, neither);
        Assert.Contains("give one of --horizon and --fleet", output.ToString());

        var missing = Program.BuildRootCommand().Parse(["backtest", "--trace", Path.Combine(_out, "nope.csv"), "--horizon", "5m", "--out", _out])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(1, missing);
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
