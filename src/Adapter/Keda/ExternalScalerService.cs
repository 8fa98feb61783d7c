using Grpc.Core;
using Headroom.Adapter.Keda.Protocol;
using Headroom.Serving.Keda;
using Headroom.Serving.Provider;
using Headroom.Signals.Scaling;

namespace Headroom.Adapter.Keda;

/// <summary>
/// KEDA's external scaler (triggers <c>external</c> and <c>external-push</c>), answered from the latest snapshot
/// through <see cref="ExternalScalerAnswers"/>; this class is the gRPC plumbing. Bad metadata is InvalidArgument naming the key; stale or
/// missing data is Unavailable, which KEDA counts towards its fallback and never reads as zero.
/// </summary>
public sealed class ExternalScalerService(IWorkloadMetricsProvider provider, ILogger<ExternalScalerService> logger)
    : ExternalScaler.ExternalScalerBase
{
    private readonly ExternalScalerAnswers _answers = new(provider);

    /// <inheritdoc />
    public override Task<IsActiveResponse> IsActive(ScaledObjectRef request, ServerCallContext context)
    {
        var metadata = Parse(request);
        return Task.FromResult(new IsActiveResponse { Result = Answer(() => _answers.IsActive(metadata)) });
    }

    /// <inheritdoc />
    public override async Task StreamIsActive(ScaledObjectRef request, IServerStreamWriter<IsActiveResponse> responseStream, ServerCallContext context)
    {
        var metadata = Parse(request);
        bool? sent = null;
        try
        {
            while (true)
            {
                var update = provider.NextUpdate;
                if (Evaluate(metadata) is { } active && active != sent)
                {
                    await responseStream.WriteAsync(new IsActiveResponse { Result = active }, context.CancellationToken);
                    sent = active;
                }
                await update.WaitAsync(context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // KEDA closed the stream; it reopens one when it needs to.
        }
    }

    /// <inheritdoc />
    public override Task<GetMetricSpecResponse> GetMetricSpec(ScaledObjectRef request, ServerCallContext context) =>
        Task.FromResult(Spec(Known(Parse(request))));

    /// <inheritdoc />
    public override async Task StreamMetricSpec(ScaledObjectRef request, IServerStreamWriter<GetMetricSpecResponse> responseStream, ServerCallContext context)
    {
        // Targets come from the trigger's own metadata, so the first answer stays current for the stream's life.
        await responseStream.WriteAsync(Spec(Known(Parse(request))), context.CancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            // KEDA closed the stream.
        }
    }

    /// <inheritdoc />
    public override Task<GetMetricsResponse> GetMetrics(GetMetricsRequest request, ServerCallContext context)
    {
        var metadata = Parse(request.ScaledObjectRef ?? throw Invalid("scaledObjectRef is required"));
        if (request.MetricName != metadata.Metric.Name)
            throw Invalid($"metricName \"{request.MetricName}\" is not this trigger's metric; GetMetricSpec named \"{metadata.Metric.Name}\"");
        var value = Answer(() => _answers.MetricValue(metadata));
        return Task.FromResult(new GetMetricsResponse
        {
            MetricValues =
            {
                new MetricValue { MetricName = metadata.Metric.Name, MetricValueFloat = value, MetricValue_ = (long)Math.Round(value, MidpointRounding.AwayFromZero) },
            },
        });
    }

    // KEDA prefers the float fields whenever they are above zero; older KEDA reads only the integers.
    private static GetMetricSpecResponse Spec(ScalerMetadata metadata) => new()
    {
        MetricSpecs =
        {
            new MetricSpec
            {
                MetricName = metadata.Metric.Name,
                TargetSizeFloat = metadata.Target,
                TargetSize = Math.Max(1, (long)Math.Round(metadata.Target, MidpointRounding.AwayFromZero)),
            },
        },
    };

    // A trigger naming a workload that is not configured should fail when KEDA first reads it, not at the first poll.
    private ScalerMetadata Known(ScalerMetadata metadata)
    {
        try
        {
            Answer(() => _answers.Read(metadata));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
        {
            // The workload exists; its values do not matter for the spec.
        }
        return metadata;
    }

    private bool? Evaluate(ScalerMetadata metadata)
    {
        try
        {
            return Answer(() => _answers.IsActive(metadata));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
        {
            // Sending nothing keeps KEDA on its last answer until the data is back.
            logger.LogDebug("Activity of {Namespace}/{Workload} unknown: {Reason}", metadata.Namespace, metadata.Workload, ex.Status.Detail);
            return null;
        }
    }

    private static T Answer<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (MetricsProviderException ex)
        {
            // A workload or namespace that does not exist is the trigger's mistake; anything else is the data's.
            throw ex.Error == ProviderError.NotFound
                ? Invalid($"scalerMetadata.workload: {ex.Message}")
                : new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
    }

    private static ScalerMetadata Parse(ScaledObjectRef reference)
    {
        try
        {
            return ScalerMetadata.Parse(reference.ScalerMetadata, reference.Namespace);
        }
        catch (ScalerMetadataException ex)
        {
            throw Invalid(ex.Message);
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
