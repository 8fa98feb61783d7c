using System.Globalization;
using System.Text.Json;

namespace Headroom.Sim.Traces;

/// <summary>
/// Streams the requests of a trace file, one line at a time, so a week-long trace of tens of millions of
/// rows never needs to fit in memory. Arrival times are made relative to the first request.
/// </summary>
public sealed class TraceReader(string path, BadRowPolicy badRows = BadRowPolicy.Fail)
{
    /// <summary>Rows skipped as bad (with <see cref="BadRowPolicy.Skip"/>).</summary>
    public long SkippedRows { get; internal set; }

    /// <summary>Bytes of the file read so far by the current pass (buffered, so approximate); for progress.</summary>
    public long BytesRead { get; internal set; }

    /// <summary>The format of the file.</summary>
    public TraceFormat Format()
    {
        using var reader = new StreamReader(path);
        return TraceFormatDetector.Detect(path, reader.ReadLine());
    }

    /// <summary>The requests in file order.</summary>
    /// <exception cref="TraceFormatException">A bad row with <see cref="BadRowPolicy.Fail"/>, or a rate series.</exception>
    public IEnumerable<TraceRequest> Requests()
    {
        using var cursor = Open();
        while (cursor.TryNext(out var request)) yield return request;
    }

    /// <summary>Opens one pass over the requests, read by <see cref="Cursor.TryNext"/> rather than an enumerator (the replay's loop reads millions).</summary>
    /// <exception cref="TraceFormatException">A rate series, or a header of no known format.</exception>
    internal Cursor Open() => new(this, path, badRows);

    /// <summary>One pass over the file's requests.</summary>
    internal sealed class Cursor : IDisposable
    {
        private readonly TraceReader _owner;
        private readonly string _path;
        private readonly BadRowPolicy _badRows;
        private readonly StreamReader _reader;
        private readonly LineSplitter _lines;
        private readonly TraceFormat _format;
        private readonly TraceColumns _columns;
        private string? _pendingFirst;
        private long _lineNumber = 1;
        private double? _origin;

        internal Cursor(TraceReader owner, string path, BadRowPolicy badRows)
        {
            _owner = owner;
            _path = path;
            _badRows = badRows;
            _reader = new StreamReader(path, new FileStreamOptions { BufferSize = 1 << 16 });
            try
            {
                _lines = new LineSplitter(_reader);
                var first = _lines.TryRead(out var firstLine) ? firstLine.ToString() : null;
                (_format, _columns) = TraceFormatDetector.Layout(path, first);
                if (_format == TraceFormat.AggregateRate)
                    throw new TraceFormatException(path, 1, "this is an aggregated rate series, not a request trace; it can be backtested but not replayed");
                _pendingFirst = _format == TraceFormat.Mooncake ? first : null;
            }
            catch
            {
                _reader.Dispose();
                throw;
            }
        }

        /// <summary>The next request, its arrival relative to the first request's; false at the end of the file.</summary>
        /// <exception cref="TraceFormatException">A bad row with <see cref="BadRowPolicy.Fail"/>.</exception>
        public bool TryNext(out TraceRequest request)
        {
            while (true)
            {
                TraceRequest parsed;
                try
                {
                    ReadOnlySpan<char> line;
                    if (_pendingFirst is not null)
                    {
                        line = _pendingFirst;
                        _pendingFirst = null;
                    }
                    else
                    {
                        if (!_lines.TryRead(out line))
                        {
                            request = default;
                            return false;
                        }
                        _lineNumber++;
                    }
                    if ((_lineNumber & 0xFFF) == 0) _owner.BytesRead = _reader.BaseStream.Position;
                    if (line.Length == 0) continue;
                    parsed = Parse(_format, _columns, line);
                }
                catch (Exception ex) when (ex is FormatException or JsonException or OverflowException or KeyNotFoundException or InvalidOperationException)
                {
                    if (_badRows == BadRowPolicy.Fail) throw new TraceFormatException(_path, _lineNumber, ex.Message);
                    _owner.SkippedRows++;
                    continue;
                }
                _origin ??= parsed.ArrivalSeconds;
                request = parsed with { ArrivalSeconds = parsed.ArrivalSeconds - _origin.Value };
                return true;
            }
        }

        /// <summary>Closes the file.</summary>
        public void Dispose() => _reader.Dispose();
    }

    private static TraceRequest Parse(TraceFormat format, TraceColumns columns, ReadOnlySpan<char> span)
    {
        switch (format)
        {
            case TraceFormat.Azure when columns == TraceColumns.Plain:
                return TryPlainAzureRow(span, out var row) ? row : AzureRow(span);
            case TraceFormat.Azure:
                {
                    var c = Columns(span.ToString(), columns.Needed);
                    return new TraceRequest(UnixSeconds(AzureTicks(c[columns.Time])), Tokens(c[columns.Prompt]), Tokens(c[columns.Output]));
                }
            case TraceFormat.BurstGpt or TraceFormat.Generic:
                {
                    var c = Columns(span.ToString(), columns.Needed);
                    return new TraceRequest(Seconds(c[columns.Time]), Tokens(c[columns.Prompt]), Tokens(c[columns.Output]));
                }
            case TraceFormat.Mooncake:
                {
                    return MooncakeRow.TryPlain(span, out var plain) ? plain : MooncakeDocument(span);
                }
            default:
                throw new InvalidOperationException($"format {format} has no requests");
        }
    }

    /// <summary>A Mooncake row read as a JSON document: any key order, spacing and number form JSON allows.</summary>
    /// <exception cref="JsonException">The row is not JSON.</exception>
    /// <exception cref="KeyNotFoundException">A field is missing.</exception>
    /// <exception cref="FormatException">A token count is not an int, or a block id not an integer.</exception>
    internal static TraceRequest MooncakeDocument(ReadOnlySpan<char> span)
    {
        using var doc = JsonDocument.Parse(span.ToString());
        var root = doc.RootElement;
        return new TraceRequest(root.GetProperty("timestamp").GetDouble() / 1000,
            root.GetProperty("input_length").GetInt32(), root.GetProperty("output_length").GetInt32(), MooncakeRow.Blocks(HashIds(root)));
    }

    // The prompt's block ids, if the row gives them: integers, 64-bit hashes above long's range kept as their bits.
    private static long[]? HashIds(JsonElement root)
    {
        if (!root.TryGetProperty("hash_ids", out var ids)) return null;
        if (ids.ValueKind != JsonValueKind.Array) throw new FormatException("hash_ids is not an array");
        var values = new long[ids.GetArrayLength()];
        var i = 0;
        foreach (var id in ids.EnumerateArray())
        {
            values[i++] = id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var signed) ? signed
                : id.ValueKind == JsonValueKind.Number && id.TryGetUInt64(out var unsigned) ? unchecked((long)unsigned)
                : throw new FormatException($"hash_ids[{i - 1}] is not an integer: {id.GetRawText()}");
        }
        return values;
    }

    /// <summary>An Azure row of the usual shape ("timestamp,digits,digits") read in one scan; false for any other row.</summary>
    // Week-long traces are tens of millions of rows, nearly all "timestamp,digits,digits": those are read in one
    // scan with no splitting (the replay's busiest parsing). Anything else (a sign, spaces, ten digits or more,
    // more columns, another timestamp layout) is left to AzureRow, which reads such rows the same way and names
    // what is wrong; AzureRowProperties checks the two agree on random rows.
    public static bool TryPlainAzureRow(ReadOnlySpan<char> span, out TraceRequest request)
    {
        request = default;
        var comma = span.IndexOf(',');
        if (comma < 0 || AzureTimestamp.TryTicks(span[..comma]) is not { } ticks) return false;
        var at = comma + 1;
        if (!PlainCount(span, ref at, out var prompt) || at == span.Length || span[at] != ',') return false;
        at++;
        if (!PlainCount(span, ref at, out var output) || at != span.Length) return false;
        request = new TraceRequest(UnixSeconds(ticks), prompt, output);
        return true;
    }

    // One to nine digits from at, up to the first other character.
    private static bool PlainCount(ReadOnlySpan<char> span, ref int at, out int value)
    {
        var start = at;
        value = 0;
        while (at < span.Length && (uint)(span[at] - '0') <= 9 && at - start < 10) value = value * 10 + (span[at++] - '0');
        return at - start is > 0 and <= 9;
    }

    /// <summary>An Azure row of the usual columns by the general rules: the timestamp by DateTime's rules if not the usual layout (a UTC offset allowed), token counts by int.TryParse's, columns past the third ignored.</summary>
    /// <exception cref="FormatException">The row is not an Azure row.</exception>
    public static TraceRequest AzureRow(ReadOnlySpan<char> span)
    {
        var first = span.IndexOf(',');
        var second = first < 0 ? -1 : span[(first + 1)..].IndexOf(',');
        if (second < 0) throw new FormatException($"expected 3 columns, found {(first < 0 ? 1 : 2)}");
        second += first + 1;
        var third = span[(second + 1)..].IndexOf(',');
        var outputEnd = third < 0 ? span.Length : second + 1 + third;
        return new TraceRequest(UnixSeconds(AzureTicks(span[..first])), Tokens(span[(first + 1)..second]), Tokens(span[(second + 1)..outputEnd]));
    }

    // The usual layout read directly; any other by DateTime's rules, a UTC offset if the text gives one.
    private static long AzureTicks(ReadOnlySpan<char> stamp) =>
        AzureTimestamp.TryTicks(stamp) ?? DateTime.ParseExact(stamp.Trim().Trim('"').ToString(),
            ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK"],
            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks;

    // Seconds since the Unix epoch keep the magnitude small enough for microsecond precision in a double.
    private static double UnixSeconds(long ticks) => (ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond;

    private static string[] Columns(string line, int expected)
    {
        var c = line.Split(',');
        if (c.Length < expected) throw new FormatException($"expected {expected} columns, found {c.Length}");
        return c;
    }

    private static double Seconds(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0
            ? v : throw new FormatException($"\"{text}\" is not a timestamp in seconds");

    // Plain digits, nearly every row, are read directly; anything else (signs, spaces, long numbers) by int.TryParse's rules.
    private static int Tokens(ReadOnlySpan<char> text) =>
        text.Length is > 0 and <= 9 && AzureTimestamp.Digits(text) is >= 0 and var digits ? digits
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v : throw new FormatException($"\"{text}\" is not a token count");
}
