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
    public long SkippedRows { get; private set; }

    /// <summary>Bytes of the file read so far by the current pass (buffered, so approximate); for progress.</summary>
    public long BytesRead { get; private set; }

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
        using var reader = new StreamReader(path, new FileStreamOptions { BufferSize = 1 << 16 });
        var lines = new LineSplitter(reader);
        var first = lines.TryRead(out var firstLine) ? firstLine.ToString() : null;
        var format = TraceFormatDetector.Detect(path, first);
        if (format == TraceFormat.AggregateRate)
            throw new TraceFormatException(path, 1, "this is an aggregated rate series, not a request trace; it can be backtested but not replayed");
        long lineNumber = 1;
        double? origin = null;
        var pendingFirst = format == TraceFormat.Mooncake ? first : null;
        while (true)
        {
            TraceRequest request;
            try
            {
                ReadOnlySpan<char> line;
                if (pendingFirst is not null)
                {
                    line = pendingFirst;
                    pendingFirst = null;
                }
                else
                {
                    if (!lines.TryRead(out line)) break;
                    lineNumber++;
                }
                if ((lineNumber & 0xFFF) == 0) BytesRead = reader.BaseStream.Position;
                if (line.Length == 0) continue;
                request = Parse(format, line);
            }
            catch (Exception ex) when (ex is FormatException or JsonException or OverflowException or KeyNotFoundException or InvalidOperationException)
            {
                if (badRows == BadRowPolicy.Fail) throw new TraceFormatException(path, lineNumber, ex.Message);
                SkippedRows++;
                continue;
            }
            origin ??= request.ArrivalSeconds;
            yield return request with { ArrivalSeconds = request.ArrivalSeconds - origin.Value };
        }
    }

    private static TraceRequest Parse(TraceFormat format, ReadOnlySpan<char> span)
    {
        switch (format)
        {
            case TraceFormat.Azure:
            {
                // Week-long traces are tens of millions of rows: split without allocating, and read the
                // timestamp's fixed layout directly, falling back to DateTime parsing for anything else.
                var first = span.IndexOf(',');
                var second = first < 0 ? -1 : span[(first + 1)..].IndexOf(',');
                if (second < 0) throw new FormatException($"expected 3 columns, found {(first < 0 ? 1 : 2)}");
                second += first + 1;
                var third = span[(second + 1)..].IndexOf(',');
                var outputEnd = third < 0 ? span.Length : second + 1 + third;
                var stamp = span[..first];
                var ticks = AzureTimestamp.TryTicks(stamp) ?? DateTime.ParseExact(stamp.ToString(), ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss"],
                    CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks;
                // Seconds since the Unix epoch keep the magnitude small enough for microsecond precision in a double.
                return new TraceRequest((ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond,
                    Tokens(span[(first + 1)..second]), Tokens(span[(second + 1)..outputEnd]));
            }
            case TraceFormat.BurstGpt:
            {
                var c = Columns(span.ToString(), 6);
                return new TraceRequest(Seconds(c[0]), Tokens(c[2]), Tokens(c[3]));
            }
            case TraceFormat.Generic:
            {
                var c = Columns(span.ToString(), 3);
                return new TraceRequest(Seconds(c[0]), Tokens(c[1]), Tokens(c[2]));
            }
            case TraceFormat.Mooncake:
            {
                using var doc = JsonDocument.Parse(span.ToString());
                var root = doc.RootElement;
                return new TraceRequest(root.GetProperty("timestamp").GetDouble() / 1000,
                    root.GetProperty("input_length").GetInt32(), root.GetProperty("output_length").GetInt32());
            }
            default:
                throw new InvalidOperationException($"format {format} has no requests");
        }
    }

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
