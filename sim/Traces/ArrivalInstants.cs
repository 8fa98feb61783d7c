namespace Headroom.Sim.Traces;

/// <summary>
/// How a trace's requests share arrival instants, over its rows in file order (one pass, before rate scaling and
/// looping): a trace whose timestamps are rounded to a tick has many requests at each instant, and a replay serves
/// each instant's requests together, as recorded.
/// </summary>
public sealed class ArrivalInstants
{
    private double _last = double.NaN;
    private int _run;

    /// <summary>Requests counted.</summary>
    public long Rows { get; private set; }

    /// <summary>Distinct arrival instants among them: a request at the instant of the one before it starts none.</summary>
    public long Instants { get; private set; }

    /// <summary>The most requests that arrive one after another at one instant.</summary>
    public int MostAtOne { get; private set; }

    /// <summary>Counts a request that arrives at <paramref name="arrivalSeconds"/>, after the ones counted before it.</summary>
    public void Add(double arrivalSeconds)
    {
        Rows++;
        if (arrivalSeconds == _last) _run++;
        else
        {
            Instants++;
            _run = 1;
            _last = arrivalSeconds;
        }
        if (_run > MostAtOne) MostAtOne = _run;
    }
}
