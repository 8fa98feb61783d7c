
namespace Headroom.Sim.Traces;

/// <summary>
/// Splits a text into lines as <see cref="TextReader.ReadLine"/> does (at \n, \r or \r\n; a last line without a
/// break counts), handing out each line as a range of a reused buffer instead of a new string, so that reading
/// tens of millions of rows allocates nothing per row.
/// </summary>
internal sealed class LineSplitter(TextReader reader)
{
    private char[] _buffer = new char[1 << 16];
    private int _start;
    private int _end;
    private bool _endOfText;
    // The last line ended with \r: a \n right after it belongs to the same break.
    private bool _skipLineFeed;

    /// <summary>The next line, valid until the next call; false at the end of the text.</summary>
    public bool TryRead(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            if (_skipLineFeed && _start < _end)
            {
                if (_buffer[_start] == '\n') _start++;
                _skipLineFeed = false;
            }
            var pending = _buffer.AsSpan(_start, _end - _start);
            var at = pending.IndexOfAny('\r', '\n');
            if (at >= 0)
            {
                line = pending[..at];
                _skipLineFeed = pending[at] == '\r';
                _start += at + 1;
                return true;
            }
            if (_endOfText)
            {
                line = pending;
                _start = _end;
                return line.Length > 0;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        // A line longer than the buffer: grow it rather than split the line.
        if (_end == _buffer.Length) Array.Resize(ref _buffer, 2 * _buffer.Length);
        var read = reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _endOfText = true;
        else _end += read;
    }
}
