using System.Runtime.CompilerServices;

namespace Headroom.Sim.Traces;

/// <summary>
/// The requests of a trace with <see cref="TraceOptions"/> applied, read one at a time by <see cref="TryNext"/>
/// rather than an enumerator, since the replay's loop reads millions. Each pass reads the file again; each request
/// is held back until the next one is read, as its copies are spread over the gap to it.
/// </summary>
internal sealed class AppliedTrace(TraceOptions options, TraceReader reader) : IDisposable
{
    private readonly Random _random = new(options.Seed);
    private readonly double _whole = Math.Floor(options.RateScale);
    private readonly double _fraction = options.RateScale - Math.Floor(options.RateScale);
    private TraceReader.Cursor? _pass;
    private int _passes;
    private bool _ended;
    private double _offset;
    private TraceRequest? _previous;
    private long _count;
    // Copies still to hand out of one request: copy _copy of _copies, spread over _gap, at _copyOffset.
    private TraceRequest _copied;
    private int _copy, _copies;
    private double _gap, _copyOffset;

    /// <summary>The next request; false after the last pass.</summary>
    /// <exception cref="TraceFormatException">A bad row with <see cref="BadRowPolicy.Fail"/>, or a file that is not a request trace.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    public bool TryNext(out TraceRequest request)
    {
        while (true)
        {
            if (_copy < _copies)
            {
                request = At(_copied, _copyOffset, _gap * _copy / _copies);
                _copy++;
                return true;
            }
            if (_ended)
            {
                request = default;
                return false;
            }
            if (_pass is null)
            {
                if (_passes == options.Loop)
                {
                    _ended = true;
                    continue;
                }
                _pass = reader.Open();
                _previous = null;
                _count = 0;
            }
            if (_pass.TryNext(out var next))
            {
                if (_previous is { } p) Copy(p, next.ArrivalSeconds - p.ArrivalSeconds);
                _previous = next;
                _count++;
                continue;
            }
            _pass.Dispose();
            _pass = null;
            _passes++;
            // An empty pass ends the trace: every later pass would be empty too.
            if (_previous is not { } last)
            {
                _ended = true;
                continue;
            }
            var meanGap = _count > 1 ? last.ArrivalSeconds / (_count - 1) : 1;
            Copy(last, meanGap);
            _offset += (last.ArrivalSeconds + meanGap) * options.TimeScale;
        }
    }

    private void Copy(TraceRequest request, double gap)
    {
        _copied = request;
        _copy = 0;
        _copies = (int)_whole + (_fraction > 0 && _random.NextDouble() < _fraction ? 1 : 0);
        _gap = gap;
        _copyOffset = _offset;
    }

    private TraceRequest At(TraceRequest r, double offset, double shift) => r with { ArrivalSeconds = offset + (r.ArrivalSeconds + shift) * options.TimeScale };

    /// <summary>Closes the file of the pass being read.</summary>
    public void Dispose() => _pass?.Dispose();
}
