namespace Headroom.Signals.Exposition;

/// <summary>A reusable, growable byte buffer for unescaped text.</summary>
internal sealed class ByteBuffer
{
    private byte[] bytes = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Append(byte value)
    {
        if (Length == bytes.Length)
        {
            Array.Resize(ref bytes, bytes.Length * 2);
        }

        bytes[Length++] = value;
    }

    public void Append(ReadOnlySpan<byte> values)
    {
        if (Length + values.Length > bytes.Length)
        {
            Array.Resize(ref bytes, Math.Max(bytes.Length * 2, Length + values.Length));
        }

        values.CopyTo(bytes.AsSpan(Length));
        Length += values.Length;
    }

    public void Set(ReadOnlySpan<byte> values)
    {
        Clear();
        Append(values);
    }
}
