namespace Headroom.Forecast.Models;

/// <summary>An exponential-smoothing method fitted to one history, with the parameters it was fitted with.</summary>
public sealed class SmoothingFit : IFittedForecast
{
    private readonly ExponentialSmoothing _state;

    internal SmoothingFit(ExponentialSmoothing state, SmoothingParameters parameters)
    {
        _state = state;
        Parameters = parameters;
    }

    /// <summary>The fitted parameters; a later refit of the same series may start its search from them.</summary>
    public SmoothingParameters Parameters { get; }

    /// <summary>Sum of squared one-step errors over the history fitted and the steps appended since.</summary>
    public double SumSquaredErrors => _state.SumSquaredErrors;

    /// <inheritdoc />
    public double Forecast(int steps) => _state.Forecast(steps);

    /// <inheritdoc />
    public void Append(double value) => _state.Append(value);
}
