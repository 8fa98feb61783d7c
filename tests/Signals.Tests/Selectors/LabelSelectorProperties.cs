using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Headroom.Signals.Selectors;

namespace Headroom.Signals.Tests.Selectors;

/// <summary>A selector written the way a person might, with the requirements it was built from.</summary>
public sealed record WrittenSelector(string Text, IReadOnlyList<LabelRequirement> Requirements)
{
    public override string ToString() => Text;
}

public static class WrittenSelectors
{
    private const string Alphanumeric = "abcxyzABZ0189";
    private const string Inner = "abZ09-_.";

    public static Arbitrary<WrittenSelector> Selectors() =>
        Requirement().ArrayOf().SelectMany(Write).ToArbitrary();

    private static Gen<WrittenSelector> Write((string Text, LabelRequirement Requirement)[] parts) =>
        from blanks in Blank().ArrayOf(parts.Length + 1)
        select new WrittenSelector(
            string.Concat(parts.Select((part, i) => (i == 0 ? "" : ",") + blanks[i] + part.Text)) + blanks[^1],
            parts.Select(part => part.Requirement).OrderBy(r => r.Key, StringComparer.Ordinal).ToArray());

    private static Gen<(string Text, LabelRequirement Requirement)> Requirement() =>
        from key in Key()
        from before in Blank()
        from after in Blank()
        from kind in Gen.Choose(0, 7)
        from value in Value()
        from number in Gen.Choose(0, int.MaxValue)
        from set in Value().NonEmptyListOf()
        from equalSign in Gen.Elements("=", "==")
        select Spell(kind, key, before, after, equalSign, value, number.ToString(), set.ToArray());

    private static (string Text, LabelRequirement Requirement) Spell(
        int kind, string key, string before, string after, string equalSign, string value, string number, string[] set) => kind switch
        {
            0 => (key, new LabelRequirement(key, SelectorOperator.Exists, [])),
            1 => ("!" + before + key, new LabelRequirement(key, SelectorOperator.DoesNotExist, [])),
            2 => (key + before + equalSign + after + value, new LabelRequirement(key, SelectorOperator.Equals, [value])),
            3 => (key + before + "!=" + after + value, new LabelRequirement(key, SelectorOperator.NotEquals, [value])),
            4 => ($"{key} in{before}({after}{string.Join(after + "," + before, set)}{before})", new LabelRequirement(key, SelectorOperator.In, set)),
            5 => ($"{key}{after} notin ({string.Join(",", set)})", new LabelRequirement(key, SelectorOperator.NotIn, set)),
            6 => (key + before + ">" + after + number, new LabelRequirement(key, SelectorOperator.GreaterThan, [number])),
            _ => (key + before + "<" + after + number, new LabelRequirement(key, SelectorOperator.LessThan, [number])),
        };

    private static Gen<string> Key() =>
        from prefix in Gen.Elements("", "example.com/", "a-1.b/", "x/")
        from name in Word()
        select prefix + name;

    private static Gen<string> Value() => Gen.Frequency((1, Gen.Constant("")), (5, Word()));

    private static Gen<string> Word() =>
        from first in Gen.Elements(Alphanumeric.ToCharArray())
        from middle in Gen.Elements(Inner.ToCharArray()).ArrayOf()
        from last in Gen.Elements(Alphanumeric.ToCharArray())
        from single in Gen.Elements(true, false)
        select single ? first.ToString() : first + new string(middle.Take(61).ToArray()) + last;

    private static Gen<string> Blank() => Gen.Elements("", "", " ", "  ", "\t");
}

public class LabelSelectorProperties
{
    [Property(Arbitrary = [typeof(WrittenSelectors)], MaxTest = 500)]
    public void Parsing_yields_the_written_requirements(WrittenSelector written)
    {
        Assert.Equal(written.Requirements, LabelSelector.Parse(written.Text).Requirements);
    }

    [Property(Arbitrary = [typeof(WrittenSelectors)], MaxTest = 500)]
    public void Parsing_the_canonical_text_gives_the_same_selector(WrittenSelector written)
    {
        var selector = LabelSelector.Parse(written.Text);
        var reparsed = LabelSelector.Parse(selector.ToString());

        Assert.Equal(selector.Requirements, reparsed.Requirements);
        Assert.Equal(selector.ToString(), reparsed.ToString());
    }
}
