namespace Headroom.Sim.Replay;

/// <summary>A metric series CSV that cannot be replayed; the message names the line and column.</summary>
public sealed class SeriesCsvException(string message) : Exception(message);
