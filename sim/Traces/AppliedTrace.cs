using System.Runtime.CompilerServices;

namespace Headroom.Sim.Traces;

/// <summary>
/// The requests of a trace with <see cref="TraceOptions"/> applied, read one at a time by <see cref="TryNext"/>
/// rather than an enumerator, since the replay's loop reads millions. A trace looped over passes is read from the
/// file once when its requests fit in memory (<see cref="RememberedBytes"/>), and each later pass from memory (a long trace
/// is read from the file on every pass, so memory stays bounded); each request is held back until the next one is
/// read, as its copies are spread over the gap to it.
/// </summary>
internal sealed class AppliedTrace(TraceOptions options, TraceReader reader, long rememberedBytes = AppliedTrace.RememberedBytes) : IDisposable
{
    /// <summary>Most bytes of one pass's requests kept in memory for the passes after it, by default (<see cref="Footprint"/>).</summary>
    public const long RememberedBytes = 16L << 20;

    /// <summary>
    /// What keeping <paramref name="request"/> costs: the request, and its prompt's block ids, which a Mooncake row
    /// carries (about thirty, eight times the request's own size).
    /// </summary>
    public static long Footprint(in TraceRequest request) =>
        Unsafe.SizeOf<TraceRequest>() + (request.Blocks.Ids is { } ids ? IntPtr.Size * 3 + sizeof(long) * (long)ids.Length : 0);

    private readonly Random _random = new(options.Seed);
    private readonly double _whole = Math.Floor(options.RateScale);
    private readonly double _fraction = options.RateScale - Math.Floor(options.RateScale);
    private TraceReader.Cursor? _pass;
    // The first pass's requests while they fit (null once they do not, or with one pass), what reading them cost
    // (bad rows skipped, bytes read) and where a pass read from memory is.
    private List<TraceRequest>? _remembered = options.Loop > 1 ? [] : null;
    private long _rememberedSkipped, _rememberedBytes, _rememberedFootprint;
    private int _replayAt = -1;
    private int _passes;
    private bool _ended;
    private double _offset;
    private TraceRequest? _previous;
    private long _count;
    // Copies still to hand out of one request: copy _copy of _copies, spread over _gap, at _copyOffset.
    private TraceRequest _copied;
    private int _copy, _copies;
    private double _gap, _copyOffset;
    // The salt of copy 0 of the request being copied: copies and passes stand for other users, whose prompts share no
    // cached blocks with the trace's own (each copy's requests still share theirs with one another).
    private int _copySalt;

    /// <summary>How the requests of the trace's first pass share arrival instants.</summary>
    public ArrivalInstants Instants { get; } = new();

    /// <summary>The next request; false after the last pass.</summary>
    /// <exception cref="TraceFormatException">A bad row with <see cref="BadRowPolicy.Fail"/>, or a file that is not a request trace.</exception>
    public bool TryNext(out TraceRequest request)
    {
        while (true)
        {
            if (_copy < _copies)
            {
                request = At(_copied, _copyOffset, _gap * _copy / _copies, _copySalt + _copy);
                _copy++;
                return true;
            }
            if (_ended)
            {
                request = default;
                return false;
            }
            if (_pass is null && _replayAt < 0)
            {
                if (_passes == options.Loop)
                {
                    _ended = true;
                    continue;
                }
                StartPass();
                _previous = null;
                _count = 0;
            }
            if (NextOfPass(out var next))
            {
                if (_previous is { } p) Copy(p, next.ArrivalSeconds - p.ArrivalSeconds, _passes);
                _previous = next;
                _count++;
                continue;
            }
            EndPass();
            // An empty pass ends the trace: every later pass would be empty too.
            if (_previous is not { } last)
            {
                _ended = true;
                continue;
            }
            var meanGap = _count > 1 ? last.ArrivalSeconds / (_count - 1) : 1;
            Copy(last, meanGap, _passes - 1);
            _offset += (last.ArrivalSeconds + meanGap) * options.TimeScale;
        }
    }

    private void StartPass()
    {
        if (_passes == 0 || _remembered is null)
        {
            _pass = reader.Open();
            _rememberedSkipped = reader.SkippedRows;
            return;
        }
        // A pass from memory counts as one from the file would: the same bad rows skipped, and its progress in bytes.
        _replayAt = 0;
        reader.SkippedRows += _rememberedSkipped;
        reader.BytesRead = 0;
    }

    private bool NextOfPass(out TraceRequest next)
    {
        if (_pass is null)
        {
            var remembered = _remembered!;
            if (_replayAt == remembered.Count)
            {
                next = default;
                return false;
            }
            next = remembered[_replayAt++];
            if ((_replayAt & 0xFFF) == 0) reader.BytesRead = _rememberedBytes * _replayAt / remembered.Count;
            return true;
        }
        if (!_pass.TryNext(out next)) return false;
        if (_passes > 0) return true;
        Instants.Add(next.ArrivalSeconds);
        if (_remembered is { } first)
        {
            _rememberedFootprint += Footprint(next);
            if (_rememberedFootprint <= rememberedBytes) first.Add(next);
            else _remembered = null;
        }
        return true;
    }

    private void EndPass()
    {
        if (_pass is not null)
        {
            if (_passes == 0)
            {
                _rememberedSkipped = reader.SkippedRows - _rememberedSkipped;
                _rememberedBytes = reader.BytesRead;
            }
            _pass.Dispose();
            _pass = null;
        }
        else reader.BytesRead = _rememberedBytes;
        _replayAt = -1;
        _passes++;
    }

    private void Copy(TraceRequest request, double gap, int pass)
    {
        _copied = request;
        _copy = 0;
        _copies = (int)_whole + (_fraction > 0 && _random.NextDouble() < _fraction ? 1 : 0);
        _gap = gap;
        _copyOffset = _offset;
        _copySalt = pass * ((int)_whole + 1);
    }

    private TraceRequest At(TraceRequest r, double offset, double shift, int salt) => r with
    {
        ArrivalSeconds = offset + (r.ArrivalSeconds + shift) * options.TimeScale,
        Blocks = r.Blocks.Any ? r.Blocks with { Salt = salt } : r.Blocks,
    };

    /// <summary>Closes the file of the pass being read.</summary>
    public void Dispose() => _pass?.Dispose();
}
