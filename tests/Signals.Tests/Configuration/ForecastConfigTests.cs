using Headroom.Signals.Configuration;
using Headroom.Signals.Pipeline;

namespace Headroom.Signals.Tests.Configuration;

public sealed class ForecastConfigTests
{
    private const string Workloads = """
        workloads:
          - name: chat
            namespace: llm
            selector: app=chat
            source: scrape
            dcgm: false
        """;

    [Fact]
    public void Without_a_forecast_section_the_defaults_hold()
    {
        var forecast = ConfigLoader.Parse(Workloads).Signals.Forecast;

        Assert.Equal(new ForecastOptions(), forecast);
        Assert.Equal(0.9, forecast.Quantile);
        var live = forecast.Live();
        Assert.Equal((11520, 60, 360, 1440, 4320), (live.Capacity, live.MinObserved, live.Holdout, live.SeasonPeriod, live.FitWindow));
    }

    [Fact]
    public void The_forecast_section_is_read()
    {
        var forecast = ConfigLoader.Parse(Workloads + "\n" + """
            forecast:
              step: 30s
              history: 48h
              minHistory: 2h
              holdout: 3h
              fitWindow: 24h
              quantile: 0.75
              refitInterval: 15m
              refitBudget: 250ms
              warmStart: false
            """).Signals.Forecast;

        Assert.Equal(new ForecastOptions
        {
            Step = TimeSpan.FromSeconds(30),
            History = TimeSpan.FromHours(48),
            MinHistory = TimeSpan.FromHours(2),
            Holdout = TimeSpan.FromHours(3),
            FitWindow = TimeSpan.FromHours(24),
            Quantile = 0.75,
            RefitInterval = TimeSpan.FromMinutes(15),
            RefitBudget = TimeSpan.FromMilliseconds(250),
            WarmStart = false,
        }, forecast);
        Assert.Equal(2880, forecast.Live().SeasonPeriod);
    }

    [Theory]
    [InlineData("quantile: 1", "forecast.quantile: 1 must be between 0 and 1, exclusive")]
    [InlineData("quantile: 0", "forecast.quantile: 0 must be between 0 and 1, exclusive")]
    [InlineData("step: 0s", "forecast.step: \"0s\" must be more than zero")]
    [InlineData("history: 2000h", "forecast.history: 7200000s is 120000 steps of 60s; at most 100000 are kept")]
    [InlineData("minHistory: 10m", "forecast.minHistory: 600s must be at least 30 steps of 60s")]
    [InlineData("minHistory: 200h", "forecast.minHistory: must not be more than forecast.history")]
    [InlineData("holdout: 192h", "forecast.holdout: must be less than forecast.history")]
    [InlineData("refitBudget: soon", "forecast.refitBudget: \"soon\" is not a duration")]
    public void A_bad_forecast_field_is_named(string line, string expected)
    {
        var yaml = Workloads + "\nforecast:\n  " + line + "\n";
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml));
        Assert.Contains(ex.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }
}

public sealed class DocumentedConfigTests
{
    [Fact]
    public void The_example_in_docs_config_md_loads_with_the_values_it_shows()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "config.md"))) directory = directory.Parent;
        Assert.NotNull(directory);
        var markdown = File.ReadAllText(Path.Combine(directory.FullName, "docs", "config.md"));
        var start = markdown.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = markdown[start..markdown.IndexOf("```", start, StringComparison.Ordinal)];

        var config = ConfigLoader.Parse(yaml);

        Assert.Equal(new ForecastOptions(), config.Signals.Forecast);
        Assert.Equal("chat", Assert.Single(config.Workloads).Name);
    }
}
