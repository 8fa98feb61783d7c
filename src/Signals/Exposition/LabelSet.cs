using System.Collections;

namespace Headroom.Signals.Exposition;

/// <summary>
/// The labels of one sample or exemplar in the order they were written. A parsed page keeps all of its labels in one
/// array and each set is a window on it, so a page of thousands of samples costs one label allocation, not thousands.
/// </summary>
public readonly struct LabelSet : IReadOnlyList<Label>, IEquatable<LabelSet>
{
    private readonly Label[]? labels;
    private readonly int start;

    /// <summary>A set holding a copy of the given labels.</summary>
    public LabelSet(params ReadOnlySpan<Label> labels)
        : this(labels.ToArray(), 0, labels.Length)
    {
    }

    internal LabelSet(Label[] labels, int start, int count)
    {
        this.labels = labels;
        this.start = start;
        Count = count;
    }

    /// <summary>A set with no labels.</summary>
    public static LabelSet Empty => default;

    /// <summary>The number of labels.</summary>
    public int Count { get; }

    /// <summary>The label at that position.</summary>
    public Label this[int index] =>
        (uint)index < (uint)Count ? labels![start + index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The value of the first label with that name, or null.</summary>
    public string? ValueOf(string name)
    {
        foreach (var label in this)
        {
            if (label.Name == name)
            {
                return label.Value;
            }
        }

        return null;
    }

    /// <summary>The labels as a span, without copying.</summary>
    public ReadOnlySpan<Label> AsSpan() => labels.AsSpan(start, Count);

    /// <summary>An allocation-free enumerator.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<Label> IEnumerable<Label>.GetEnumerator()
    {
        foreach (var label in this)
        {
            yield return label;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<Label>)this).GetEnumerator();

    /// <summary>Whether both sets hold the same labels in the same order.</summary>
    public bool Equals(LabelSet other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <summary>Whether the other object is an equal label set.</summary>
    public override bool Equals(object? obj) => obj is LabelSet other && Equals(other);

    /// <summary>A hash of the labels.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var label in this)
        {
            hash.Add(label);
        }

        return hash.ToHashCode();
    }

    /// <summary>The labels as they would be written in a page.</summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        PageText.AppendLabels(text, this, leadingName: null);
        return text.ToString();
    }

    /// <summary>Whether both sets hold the same labels in the same order.</summary>
    public static bool operator ==(LabelSet left, LabelSet right) => left.Equals(right);

    /// <summary>Whether the sets differ.</summary>
    public static bool operator !=(LabelSet left, LabelSet right) => !left.Equals(right);

    /// <summary>Enumerates a label set without allocating.</summary>
    public struct Enumerator
    {
        private readonly LabelSet set;
        private int index;

        internal Enumerator(LabelSet set)
        {
            this.set = set;
            index = -1;
        }

        /// <summary>The label at the current position.</summary>
        public readonly Label Current => set.labels![set.start + index];

        /// <summary>Moves to the next label.</summary>
        public bool MoveNext() => ++index < set.Count;
    }
}
