namespace Headroom.Signals.Selectors;

/// <summary>
/// Kubernetes' rules for label keys and values, checked by hand because selectors are parsed
/// on every metrics request.
/// </summary>
internal static class LabelSyntax
{
    private const int MaxNameLength = 63;
    private const int MaxPrefixLength = 253;
    private const int MaxValueLength = 63;

    /// <summary>Why <paramref name="key"/> is not a valid label key, or null when it is.</summary>
    public static string? KeyError(ReadOnlySpan<char> key)
    {
        var slash = key.IndexOf('/');
        var name = key;
        if (slash >= 0)
        {
            name = key[(slash + 1)..];
            if (name.Contains('/'))
            {
                return "a label key has at most one '/', between an optional DNS subdomain prefix and the name";
            }

            if (PrefixError(key[..slash]) is { } prefixError)
            {
                return "prefix part " + prefixError;
            }
        }

        if (name.IsEmpty)
        {
            return "name part must be non-empty";
        }

        if (name.Length > MaxNameLength)
        {
            return $"name part must be no more than {MaxNameLength} characters";
        }

        return IsAlphanumericWord(name)
            ? null
            : "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    }

    /// <summary>Why <paramref name="value"/> is not a valid label value, or null when it is.</summary>
    public static string? ValueError(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxValueLength)
        {
            return $"must be no more than {MaxValueLength} characters";
        }

        return value.IsEmpty || IsAlphanumericWord(value)
            ? null
            : "must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    }

    private static string? PrefixError(ReadOnlySpan<char> prefix)
    {
        if (prefix.IsEmpty)
        {
            return "must be non-empty";
        }

        if (prefix.Length > MaxPrefixLength)
        {
            return $"must be no more than {MaxPrefixLength} characters";
        }

        foreach (var range in prefix.Split('.'))
        {
            if (!IsDnsLabel(prefix[range]))
            {
                return "must be a lowercase RFC 1123 subdomain: dot-separated parts of lowercase alphanumeric characters or '-', each starting and ending with an alphanumeric character";
            }
        }

        return null;
    }

    private static bool IsAlphanumericWord(ReadOnlySpan<char> word)
    {
        if (!char.IsAsciiLetterOrDigit(word[0]) || !char.IsAsciiLetterOrDigit(word[^1]))
        {
            return false;
        }

        foreach (var c in word)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDnsLabel(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || !IsLowerAlphanumeric(label[0]) || !IsLowerAlphanumeric(label[^1]))
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!IsLowerAlphanumeric(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
