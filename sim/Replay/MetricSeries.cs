using System.Globalization;

namespace Headroom.Sim.Replay;

/// <summary>One line of a metric series: its time and one value per metric column, null where the cell is empty.</summary>
/// <param name="Line">1-based line in the file.</param>
/// <param name="TimeSeconds">time_s.</param>
/// <param name="Values">One per metric column, in column order.</param>
public sealed record SeriesRow(int Line, double TimeSeconds, IReadOnlyList<decimal?> Values);

/// <summary>A metric series CSV: a time_s column, then one column per metric, rows in increasing time.</summary>
/// <param name="Columns">The metric columns' names, after time_s.</param>
/// <param name="Rows">The data rows.</param>
public sealed record MetricSeries(IReadOnlyList<string> Columns, IReadOnlyList<SeriesRow> Rows)
{
    private const string TimeColumn = "time_s";

    // Values become int64 milli-units; past this they would not fit.
    private const decimal MaxMagnitude = 9_000_000_000_000_000m;

    /// <summary>Parses the CSV text; <paramref name="name"/> is how errors refer to the file.</summary>
    /// <exception cref="SeriesCsvException">The text is not such a series.</exception>
    public static MetricSeries Parse(string text, string name)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.All(string.IsNullOrWhiteSpace))
        {
            throw new SeriesCsvException($"{name} is empty; it needs a header line starting with {TimeColumn}");
        }
        var header = Fields(lines[0]);
        if (header[0] != TimeColumn)
        {
            throw new SeriesCsvException($"{name} line 1, column 1: the first column must be {TimeColumn}, not \"{header[0]}\"");
        }
        for (var c = 1; c < header.Length; c++)
        {
            if (header[c].Length == 0)
            {
                throw new SeriesCsvException($"{name} line 1, column {c + 1}: the column has no name");
            }
            var first = Array.IndexOf(header, header[c]);
            if (first < c)
            {
                throw new SeriesCsvException($"{name} line 1, column {c + 1}: \"{header[c]}\" is also column {first + 1}");
            }
        }

        var rows = new List<SeriesRow>();
        for (var i = 1; i < lines.Length; i++)
        {
            // Blank lines, such as the one after a final newline, carry nothing.
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            var row = Row(lines[i], i + 1, header, name);
            if (rows.Count > 0 && row.TimeSeconds <= rows[^1].TimeSeconds)
            {
                throw new SeriesCsvException($"{name} line {row.Line}, column 1 ({TimeColumn}): {Format(row.TimeSeconds)} does not come after {Format(rows[^1].TimeSeconds)} on line {rows[^1].Line}");
            }
            rows.Add(row);
        }
        if (rows.Count == 0)
        {
            throw new SeriesCsvException($"{name} has a header but no rows");
        }
        return new MetricSeries(header[1..], rows);
    }

    /// <summary>A time as the replay prints it.</summary>
    public static string Format(double seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    private static SeriesRow Row(string line, int number, string[] header, string name)
    {
        var fields = Fields(line);
        if (fields.Length != header.Length)
        {
            throw new SeriesCsvException($"{name} line {number}: {fields.Length} fields, but the header has {header.Length}");
        }
        if (!double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var time) || !double.IsFinite(time))
        {
            throw new SeriesCsvException($"{name} line {number}, column 1 ({TimeColumn}): \"{fields[0]}\" is not a number");
        }
        var values = new decimal?[fields.Length - 1];
        for (var c = 1; c < fields.Length; c++)
        {
            // An empty cell is a metric the metrics API could not serve at that time.
            if (fields[c].Length == 0)
            {
                continue;
            }
            if (!decimal.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || Math.Abs(value) > MaxMagnitude)
            {
                throw new SeriesCsvException($"{name} line {number}, column {c + 1} ({header[c]}): \"{fields[c]}\" is not a number the metrics API could return");
            }
            values[c - 1] = value;
        }
        return new SeriesRow(number, time, values);
    }

    // No quoting: every field is a name or a number.
    private static string[] Fields(string line) => [.. line.Split(',').Select(f => f.Trim())];
}
