namespace Headroom.Signals.Exposition;

/// <summary>The labels of the label set being read, reused from line to line.</summary>
internal sealed class LabelBuffer
{
    private Label[] labels = new Label[32];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Add(Label label)
    {
        if (Count == labels.Length)
        {
            Array.Resize(ref labels, labels.Length * 2);
        }

        labels[Count++] = label;
    }

    public bool Contains(string name)
    {
        foreach (var label in labels.AsSpan(0, Count))
        {
            if (label.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many code points the names and values hold, as OpenMetrics limits exemplars by.</summary>
    public int CodePoints()
    {
        var count = 0;
        foreach (var label in labels.AsSpan(0, Count))
        {
            foreach (var _ in label.Name.EnumerateRunes())
            {
                count++;
            }

            foreach (var _ in label.Value.EnumerateRunes())
            {
                count++;
            }
        }

        return count;
    }

    public Label[] ToArray() => Count == 0 ? [] : labels.AsSpan(0, Count).ToArray();
}
