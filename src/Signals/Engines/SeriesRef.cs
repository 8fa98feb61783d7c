namespace Headroom.Signals.Engines;

/// <summary>
/// Where one reading lives in an engine's metrics: a sample name, label values it must carry, and a
/// scale to the reading's unit. Several matching series in one pod are added up.
/// </summary>
/// <param name="Sample">Sample name as exposed, including any <c>_total</c> or <c>_sum</c> suffix.</param>
/// <param name="Labels">Label values the series must have.</param>
/// <param name="Scale">Multiplier to the reading's unit (0.01 turns a percentage into a ratio).</param>
public sealed record SeriesRef(string Sample, IReadOnlyDictionary<string, string> Labels, double Scale = 1)
{
    /// <summary>A series with no label requirements.</summary>
    public SeriesRef(string sample, double scale = 1) : this(sample, new Dictionary<string, string>(), scale) { }

    /// <summary>
    /// A name the engine has since replaced: read where the candidates before it are absent, and reported as an older
    /// name in use, so an operator sees what stops working when the engine drops it. A later candidate that is not
    /// superseded is an alternative (another way the same engine reports the reading) and is not reported.
    /// </summary>
    public bool Superseded { get; init; }
}

/// <summary>Candidates for one reading, in order of preference; the first one present wins, per pod.</summary>
public sealed record ReadingSource(IReadOnlyList<SeriesRef> Candidates)
{
    /// <summary>A reading with one candidate.</summary>
    public static ReadingSource Of(params SeriesRef[] candidates) => new(candidates);

    /// <summary>A reading this engine does not expose.</summary>
    public static ReadingSource None { get; } = new([]);
}
