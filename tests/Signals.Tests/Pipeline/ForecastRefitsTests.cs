using Headroom.Signals.Pipeline;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>The refit schedule both hosts run: a warm start only where the source keeps history and it is on; a round a step.</summary>
public sealed class ForecastRefitsTests
{
    private static readonly WorkloadSpec Spec = new() { Name = "chat", Namespace = "ml" };

    [Theory]
    [InlineData(true, true, 1)]
    [InlineData(false, true, 0)]
    [InlineData(true, false, 0)]
    public async Task Warm_start_asks_a_source_that_keeps_history_only_when_it_is_on(bool warmStart, bool keepsHistory, int asked)
    {
        var options = new SignalOptions { Forecast = new ForecastOptions { WarmStart = warmStart, Step = TimeSpan.FromMinutes(2) } };
        var history = new CountingHistory();
        IWorkloadSource source = keepsHistory ? history : new ScriptedSource();
        var pipeline = new SignalPipeline([Spec], source, options, new ManualTimeProvider(), NullLogger<SignalPipeline>.Instance);
        var refits = new ForecastRefits(pipeline, source, options, NullLogger<ForecastRefits>.Instance);

        await refits.WarmStartAsync(CancellationToken.None);

        Assert.Equal(asked, history.Asked);
        Assert.Equal(TimeSpan.FromMinutes(2), refits.Period);
        // With no history yet, nothing is due and nothing is installed.
        Assert.Equal(0, refits.RunRound(null, CancellationToken.None));
    }

    private sealed class CountingHistory : IWorkloadSource, IDemandHistorySource
    {
        public int Asked { get; private set; }

        public ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken) =>
            throw new NotSupportedException("only history is read here");

        public Task<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?> LoadDemandAsync(
            WorkloadSpec workload, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
        {
            Asked++;
            return Task.FromResult<IReadOnlyList<(DateTimeOffset, double)>?>([]);
        }
    }
}
