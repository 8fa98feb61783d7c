using System.Text;

namespace Headroom.Signals.Exposition;

/// <summary>
/// Reads Prometheus text format 0.0.4 and OpenMetrics 1.0.0 pages, as vLLM, TGI, SGLang, Triton and the DCGM exporter
/// serve them.
/// </summary>
/// <remarks>
/// Hand-written because no maintained .NET library parses the exposition formats (prometheus-net and OpenTelemetry
/// only write them), and because this is the hot path: about 2,000 pods scraped every 2 seconds. It reads the UTF-8
/// bytes as received, skips the lines of unwanted families after reading only their name, and keeps the names, label
/// values and label sets that every scrape repeats, so a steady-state parse allocates little beyond its result.
/// A bad line is reported with its number and skipped; the rest of the page is still read. An instance keeps buffers
/// between parses: use one per scrape loop, not from two threads at once.
/// </remarks>
public sealed partial class ExpositionParser
{
    private const int MaxCachedStrings = 1 << 16;
    private const int MaxCachedLabelSets = 1 << 14;
    // What a parser may keep between pages, whatever pages it is fed: the wanted families of a vLLM page cost about
    // 30 KB here, and the scraper keeps one parser per concurrent scrape (64 by default), so this bounds it at 32 MiB.
    private const long MaxCachedStringBytes = 256 << 10;
    private const long MaxCachedLabelSetBytes = 256 << 10;

    private readonly ParserOptions options;
    private readonly Utf8Table<string> strings = new(MaxCachedStrings, MaxCachedStringBytes);
    private readonly Utf8Table<Label[]> labelSets = new(MaxCachedLabelSets, MaxCachedLabelSetBytes);
    private readonly Utf8Table<string>? wanted;
    private readonly PageBuilder page = new();
    private readonly LabelBuffer labels = new();
    private readonly HashSet<string> seenFamilies = new(StringComparer.Ordinal);
    private readonly ByteBuffer scratch = new();
    private readonly ByteBuffer nameScratch = new();
    private readonly ByteBuffer familyName = new();
    private readonly ByteBuffer familyHelp = new();

    private ExpositionFormat format;
    private FamilyState family;
    private int lineNumber;
    private bool sawEof;
    private bool stopped;
    private long offeredBefore;
    private bool overTextBudget;

    /// <summary>A parser with the given family filter and limits, or the defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public ExpositionParser(ParserOptions? options = null)
    {
        this.options = options ?? new ParserOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.options.MaxLineLength, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.options.MaxSamples, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.options.MaxLabelsPerSample, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.options.MaxErrors, nameof(options));
        if (this.options.Families is { } families)
        {
            wanted = new Utf8Table<string>(MaxCachedStrings, long.MaxValue);
            foreach (var name in families)
            {
                wanted.Add(Encoding.UTF8.GetBytes(name), name, 0);
            }
        }
    }

    /// <summary>Parses a whole page, in the format its Content-Type named (see <see cref="ExpositionContentType.Detect"/>).</summary>
    public ParsedPage Parse(ReadOnlySpan<byte> utf8, ExpositionFormat format)
    {
        this.format = format;
        family = default;
        lineNumber = 0;
        sawEof = false;
        stopped = false;
        page.Reset();
        seenFamilies.Clear();
        offeredBefore = strings.Offered + labelSets.Offered;
        overTextBudget = false;

        var endsCleanly = ReadLines(utf8);
        CloseFamily();
        if (endsCleanly && format == ExpositionFormat.OpenMetrics && !sawEof)
        {
            page.AddError(new ParseError(lineNumber + 1, "the page does not end with # EOF; it may be truncated"));
            endsCleanly = false;
        }

        return page.Build(endsCleanly && !stopped, overTextBudget);
    }

    private bool ReadLines(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length && !stopped)
        {
            lineNumber++;
            var rest = utf8[offset..];
            var searched = rest.Length > options.MaxLineLength ? rest[..(options.MaxLineLength + 1)] : rest;
            var length = searched.IndexOf((byte)'\n');
            if (length < 0 && rest.Length > options.MaxLineLength)
            {
                Stop($"the line is longer than {options.MaxLineLength} bytes; parsing stopped");
                return false;
            }

            var line = length < 0 ? rest : rest[..length];
            offset += line.Length + 1;
            if (sawEof)
            {
                Stop("text follows # EOF; parsing stopped");
                return false;
            }

            if (length < 0 && !(format == ExpositionFormat.OpenMetrics && line.SequenceEqual("# EOF"u8)))
            {
                Report("the last line has no line feed; the page may be truncated, so the line is skipped");
                return false;
            }

            ReadLine(line);
            if (strings.Offered + labelSets.Offered - offeredBefore > options.MaxNewTextBytes)
            {
                Stop($"more than {options.MaxNewTextBytes} bytes of names and label values not seen before; parsing stopped");
                overTextBudget = true;
                return false;
            }
        }

        return true;
    }

    private void ReadLine(ReadOnlySpan<byte> line)
    {
        var cursor = new LineCursor(line);
        cursor.SkipBlanks();
        var error = cursor.AtEnd ? (format == ExpositionFormat.OpenMetrics ? "OpenMetrics does not allow empty lines" : null)
            : cursor.Current == '#' ? ReadComment(ref cursor)
            : ReadSample(ref cursor);
        if (error is not null)
        {
            Report(error);
        }
    }

    private void Report(string message)
    {
        if (stopped)
        {
            return;
        }

        page.AddError(new ParseError(lineNumber, message));
        if (page.ErrorCount >= options.MaxErrors)
        {
            Stop($"more than {options.MaxErrors} errors; parsing stopped");
        }
    }

    private void Stop(string message)
    {
        page.AddError(new ParseError(lineNumber, message));
        stopped = true;
    }

    /// <summary>Up to 40 bytes of a bad token, printable, for an error message.</summary>
    private static string Excerpt(ReadOnlySpan<byte> text)
    {
        var shown = Encoding.UTF8.GetString(text[..Math.Min(text.Length, 40)]);
        return string.Create(shown.Length, shown, (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
