using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Headroom.Signals.Selectors;

/// <summary>One condition of a label selector, such as <c>tier in (a,b)</c>; a selector matches when all of its requirements do.</summary>
/// <param name="Key">The label key the requirement tests.</param>
/// <param name="Operator">How the label's value is compared with <paramref name="Values"/>.</param>
/// <param name="Values">
/// The values compared with: none for <see cref="SelectorOperator.Exists"/> and <see cref="SelectorOperator.DoesNotExist"/>,
/// exactly one for the equality and ordering operators, at least one for <see cref="SelectorOperator.In"/> and
/// <see cref="SelectorOperator.NotIn"/> (kept sorted and without duplicates, as a set).
/// </param>
public sealed record LabelRequirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>The label key the requirement tests.</summary>
    public string Key { get; } = LabelSyntax.KeyError(Key) is { } keyError
        ? throw new ArgumentException($"invalid label key \"{Key}\": {keyError}", nameof(Key))
        : Key;

    /// <summary>How the label's value is compared with <see cref="Values"/>.</summary>
    public SelectorOperator Operator { get; } = Operator;

    /// <summary>The values compared with; sorted and distinct for set operators.</summary>
    public IReadOnlyList<string> Values { get; } = CheckedValues(Operator, Values);

    /// <summary>Whether a set of labels satisfies this requirement, with Kubernetes' semantics for absent labels.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.Exists => present,
            SelectorOperator.DoesNotExist => !present,
            SelectorOperator.Equals or SelectorOperator.In => present && Contains(value!),
            SelectorOperator.NotEquals or SelectorOperator.NotIn => !present || !Contains(value!),
            SelectorOperator.GreaterThan => present && TryParseInteger(value!, out var number) && number > ParseInteger(Values[0]),
            SelectorOperator.LessThan => present && TryParseInteger(value!, out var number) && number < ParseInteger(Values[0]),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>True when both requirements have the same key, operator and values.</summary>
    public bool Equals(LabelRequirement? other) =>
        other is not null && Key == other.Key && Operator == other.Operator && Values.SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Key);
        hash.Add(Operator);
        foreach (var value in Values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>The requirement in Kubernetes' canonical selector syntax, such as <c>tier in (a,b)</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Operator == SelectorOperator.DoesNotExist)
        {
            text.Append('!');
        }

        text.Append(Key);
        switch (Operator)
        {
            case SelectorOperator.Equals:
                text.Append('=').Append(Values[0]);
                break;
            case SelectorOperator.NotEquals:
                text.Append("!=").Append(Values[0]);
                break;
            case SelectorOperator.GreaterThan:
                text.Append('>').Append(Values[0]);
                break;
            case SelectorOperator.LessThan:
                text.Append('<').Append(Values[0]);
                break;
            case SelectorOperator.In:
                text.Append(" in (").AppendJoin(',', Values).Append(')');
                break;
            case SelectorOperator.NotIn:
                text.Append(" notin (").AppendJoin(',', Values).Append(')');
                break;
        }

        return text.ToString();
    }

    /// <summary>Parses a label value as Go's <c>strconv.ParseInt(s, 10, 64)</c> does, which ordering operators compare with.</summary>
    internal static bool TryParseInteger(string text, out long number) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);

    private static long ParseInteger(string text) => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private bool Contains(string value)
    {
        foreach (var candidate in Values)
        {
            if (candidate == value)
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<string> CheckedValues(SelectorOperator op, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values, nameof(Values));
        foreach (var value in values)
        {
            if (LabelSyntax.ValueError(value) is { } valueError)
            {
                throw new ArgumentException($"invalid label value \"{value}\": {valueError}", nameof(Values));
            }
        }

        switch (op)
        {
            case SelectorOperator.Exists or SelectorOperator.DoesNotExist:
                RequireCount(values.Count == 0, "no values");
                return [];
            case SelectorOperator.Equals or SelectorOperator.NotEquals:
                RequireCount(values.Count == 1, "exactly one value");
                return [values[0]];
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                RequireCount(values.Count == 1, "exactly one value");
                if (!TryParseInteger(values[0], out _))
                {
                    throw new ArgumentException($"value \"{values[0]}\" of '{op}' must be an integer", nameof(Values));
                }

                return [values[0]];
            case SelectorOperator.In or SelectorOperator.NotIn:
                RequireCount(values.Count > 0, "at least one value");
                return Array.AsReadOnly(values.Distinct().Order(StringComparer.Ordinal).ToArray());
            default:
                throw new ArgumentOutOfRangeException(nameof(Operator), op, "unknown selector operator");
        }

        void RequireCount(bool satisfied, string expected)
        {
            if (!satisfied)
            {
                throw new ArgumentException($"operator '{op}' takes {expected}, not {values.Count}", nameof(Values));
            }
        }
    }
}
