using System.Runtime.CompilerServices;

namespace Headroom.Fleet;

/// <summary>
/// A model profile's iteration rates by batch size, computed once: the engine asks for them at every event and
/// every step, and each is a few divisions. The values are exactly those of <see cref="ModelProfile"/>'s equations.
/// </summary>
internal sealed class IterationRates
{
    private readonly ModelProfile _model;
    private readonly double[] _decodeRate;
    private readonly double[] _prefillRate;
    private readonly double[] _decodeRateWhilePrefilling;

    public IterationRates(ModelProfile model)
    {
        _model = model;
        var sizes = Math.Max(0, model.MaxBatch) + 1;
        _decodeRate = new double[sizes];
        _prefillRate = new double[sizes];
        _decodeRateWhilePrefilling = new double[sizes];
        for (var batch = 0; batch < sizes; batch++)
        {
            _decodeRate[batch] = DecodeRateOf(batch);
            _prefillRate[batch] = PrefillRateOf(batch);
            _decodeRateWhilePrefilling[batch] = DecodeRateWhilePrefillingOf(batch);
        }
    }

    /// <summary>Tokens per second each of <paramref name="batch"/> decoding sequences gains with no prefill; 0 with none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double DecodeRate(int batch) => (uint)batch < (uint)_decodeRate.Length ? _decodeRate[batch] : DecodeRateOf(batch);

    /// <summary>Prompt tokens per second prefilled while <paramref name="batch"/> sequences decode alongside.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PrefillTokensPerSecond(int batch) => (uint)batch < (uint)_prefillRate.Length ? _prefillRate[batch] : PrefillRateOf(batch);

    /// <summary>Tokens per second each decoding sequence gains while a prompt chunk shares the iteration; 0 with none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double DecodeRateWhilePrefilling(int batch) =>
        (uint)batch < (uint)_decodeRateWhilePrefilling.Length ? _decodeRateWhilePrefilling[batch] : DecodeRateWhilePrefillingOf(batch);

    private double DecodeRateOf(int batch) => batch > 0 ? 1 / _model.IterationSeconds(batch, 0) : 0;

    private double PrefillRateOf(int batch)
    {
        var chunk = _model.ChunkTokens(batch);
        return chunk / _model.IterationSeconds(batch, chunk);
    }

    private double DecodeRateWhilePrefillingOf(int batch) => batch > 0 ? 1 / _model.IterationSeconds(batch, _model.ChunkTokens(batch)) : 0;
}
