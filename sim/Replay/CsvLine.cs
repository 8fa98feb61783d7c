using System.Globalization;

namespace Headroom.Sim.Replay;

/// <summary>
/// One CSV row built in a reused buffer: numbers are formatted in place (invariant culture, doubles as G6, a
/// missing value as an empty field), so that a week's timeline does not make a string per field.
/// </summary>
internal sealed class CsvLine
{
    private char[] _buffer = new char[256];
    private int _length;
    private int _fields;

    /// <summary>The row so far.</summary>
    public ReadOnlySpan<char> Text => _buffer.AsSpan(0, _length);

    /// <summary>Starts a new row.</summary>
    public CsvLine Clear()
    {
        _length = 0;
        _fields = 0;
        return this;
    }

    /// <summary>Appends a number as G6, or an empty field when it is missing.</summary>
    public CsvLine Add(double? value) => value is { } v ? Append(v, "G6") : Empty();

    /// <summary>Appends an integer, or an empty field when it is missing.</summary>
    public CsvLine Add(long? value) => value is { } v ? Append(v, default) : Empty();

    /// <summary>Appends a word that needs no quoting (letters, digits, dashes), or an empty field when it is missing.</summary>
    public CsvLine Add(string? word)
    {
        Separate();
        if (word is null) return this;
        while (_buffer.Length - _length < word.Length) Grow();
        word.CopyTo(_buffer.AsSpan(_length));
        _length += word.Length;
        return this;
    }

    private CsvLine Append<T>(T value, ReadOnlySpan<char> format) where T : ISpanFormattable
    {
        Separate();
        int written;
        while (!value.TryFormat(_buffer.AsSpan(_length), out written, format, CultureInfo.InvariantCulture)) Grow();
        _length += written;
        return this;
    }

    private CsvLine Empty()
    {
        Separate();
        return this;
    }

    private void Separate()
    {
        if (_fields++ == 0) return;
        if (_length == _buffer.Length) Grow();
        _buffer[_length++] = ',';
    }

    private void Grow() => Array.Resize(ref _buffer, 2 * _buffer.Length);
}
