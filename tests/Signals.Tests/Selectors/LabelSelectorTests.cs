using Headroom.Signals.Selectors;

namespace Headroom.Signals.Tests.Selectors;

public class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Pod = new()
    {
        ["app"] = "chat",
        ["tier"] = "gpu",
        ["replicas"] = "3",
        ["example.com/team"] = "ml",
    };

    [Theory]
    [InlineData("app", SelectorOperator.Exists, new string[0])]
    [InlineData("!app", SelectorOperator.DoesNotExist, new string[0])]
    [InlineData("app=chat", SelectorOperator.Equals, new[] { "chat" })]
    [InlineData("app==chat", SelectorOperator.Equals, new[] { "chat" })]
    [InlineData("app!=chat", SelectorOperator.NotEquals, new[] { "chat" })]
    [InlineData("app in (b,a,b)", SelectorOperator.In, new[] { "a", "b" })]
    [InlineData("app notin (x, y)", SelectorOperator.NotIn, new[] { "x", "y" })]
    [InlineData("gpus>5", SelectorOperator.GreaterThan, new[] { "5" })]
    [InlineData("gpus<5", SelectorOperator.LessThan, new[] { "5" })]
    [InlineData("example.com/app=chat", SelectorOperator.Equals, new[] { "chat" })]
    public void Parses_each_operator(string text, SelectorOperator op, string[] values)
    {
        var requirement = Assert.Single(LabelSelector.Parse(text).Requirements);

        Assert.Equal(op, requirement.Operator);
        Assert.Equal(values, requirement.Values);
    }

    [Theory]
    [InlineData("a=", SelectorOperator.Equals, new[] { "" })]
    [InlineData("a!=", SelectorOperator.NotEquals, new[] { "" })]
    [InlineData("a in ()", SelectorOperator.In, new[] { "" })]
    [InlineData("a in (x,)", SelectorOperator.In, new[] { "", "x" })]
    [InlineData("a notin (,x)", SelectorOperator.NotIn, new[] { "", "x" })]
    [InlineData("a in (x,,y)", SelectorOperator.In, new[] { "", "x", "y" })]
    [InlineData("a in (,)", SelectorOperator.In, new[] { "" })]
    public void Empty_values_are_allowed_as_in_kubernetes(string text, SelectorOperator op, string[] values)
    {
        var requirement = Assert.Single(LabelSelector.Parse(text).Requirements);

        Assert.Equal(op, requirement.Operator);
        Assert.Equal(values, requirement.Values);
    }

    [Fact]
    public void Allows_blanks_around_every_token()
    {
        var selector = LabelSelector.Parse(" \tapp = chat ,\r\n tier in ( a , b ) , ! canary , gpus > 2 ");

        Assert.Equal("app=chat,!canary,gpus>2,tier in (a,b)", selector.ToString());
    }

    [Fact]
    public void Treats_in_and_notin_as_ordinary_words_outside_the_operator_position()
    {
        var requirement = Assert.Single(LabelSelector.Parse("in in (notin,in)").Requirements);

        Assert.Equal(new LabelRequirement("in", SelectorOperator.In, ["in", "notin"]), requirement);
    }

    [Theory]
    [InlineData("z=1,a in (c,b),m", "a in (b,c),m,z=1")]
    [InlineData("app==chat", "app=chat")]
    [InlineData("b!=x,!a", "!a,b!=x")]
    [InlineData("a=2,a=1", "a=2,a=1")]
    [InlineData("x notin (b,a,a)", "x notin (a,b)")]
    [InlineData("x in ()", "x in ()")]
    [InlineData("x in (b,)", "x in (,b)")]
    [InlineData("n>007", "n>007")]
    public void Prints_the_canonical_form(string text, string canonical)
    {
        Assert.Equal(canonical, LabelSelector.Parse(text).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \t\n")]
    public void Empty_text_selects_everything(string? text)
    {
        var selector = LabelSelector.Parse(text);

        Assert.True(selector.IsEmpty);
        Assert.Same(LabelSelector.Everything, selector);
        Assert.Equal("", selector.ToString());
        Assert.True(selector.Matches(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("app=chat", true)]
    [InlineData("app=other", false)]
    [InlineData("app!=chat", false)]
    [InlineData("app!=other", true)]
    [InlineData("app in (chat,code)", true)]
    [InlineData("app in (code)", false)]
    [InlineData("app notin (chat)", false)]
    [InlineData("app notin (code)", true)]
    [InlineData("replicas>2", true)]
    [InlineData("replicas>3", false)]
    [InlineData("replicas<4", true)]
    [InlineData("replicas<3", false)]
    [InlineData("app>1", false)]
    [InlineData("app<1", false)]
    [InlineData("example.com/team=ml", true)]
    [InlineData("app=chat,tier=gpu", true)]
    [InlineData("app=chat,tier=cpu", false)]
    public void Matches_present_labels(string text, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(text).Matches(Pod));
    }

    [Theory]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("missing=x", false)]
    [InlineData("missing=", false)]
    [InlineData("missing!=x", true)]
    [InlineData("missing in (x)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("missing>1", false)]
    [InlineData("missing<1", false)]
    public void Matches_absent_labels_as_kubernetes_does(string text, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(text).Matches(Pod));
    }

    [Fact]
    public void Matches_empty_label_values_only_with_empty_requirement_values()
    {
        var labels = new Dictionary<string, string> { ["a"] = "" };

        Assert.True(LabelSelector.Parse("a=").Matches(labels));
        Assert.True(LabelSelector.Parse("a in (x,)").Matches(labels));
        Assert.False(LabelSelector.Parse("a notin ()").Matches(labels));
        Assert.False(LabelSelector.Parse("a=x").Matches(labels));
    }

    [Theory]
    [InlineData(")", 0, "found ')' at position 0, expected: !, identifier, or end of string")]
    [InlineData(",a", 0, "found ',' at position 0, expected: !, identifier, or end of string")]
    [InlineData("a=b,", 4, "found end of string at position 4, expected: identifier after ','")]
    [InlineData("a,,b", 2, "found ',' at position 2, expected: identifier after ','")]
    [InlineData("a=b=c", 3, "found '=' at position 3, expected: ',' or end of string")]
    [InlineData("a=(b)", 2, "found '(' at position 2, expected: identifier")]
    [InlineData("a b", 2, "found 'b' at position 2, expected: in, notin, =, ==, !=, >, <")]
    [InlineData("a in b", 5, "found 'b' at position 5, expected: '('")]
    [InlineData("a in", 4, "found end of string at position 4, expected: '('")]
    [InlineData("a in (", 6, "found end of string at position 6, expected: ',', ')' or identifier")]
    [InlineData("a in (b", 7, "found end of string at position 7, expected: ',' or ')'")]
    [InlineData("a in (b c)", 8, "found 'c' at position 8, expected: ',' or ')'")]
    [InlineData("a in (b,=)", 8, "found '=' at position 8, expected: ',', ')' or identifier")]
    [InlineData("a in (b))", 8, "found ')' at position 8, expected: ',' or end of string")]
    [InlineData("!", 1, "found end of string at position 1, expected: identifier")]
    [InlineData("!!a", 1, "found '!' at position 1, expected: identifier")]
    [InlineData("!a=b", 2, "found '=' at position 2, expected: ',' or end of string")]
    [InlineData("a!b", 1, "found '!' at position 1, expected: in, notin, =, ==, !=, >, <")]
    [InlineData("sum(rate(x[5m])) or vector(1)", 3, "found '(' at position 3, expected: in, notin")]
    [InlineData("or vector(1)", 3, "found 'vector' at position 3, expected: in, notin")]
    public void Rejects_bad_syntax_naming_token_and_position(string text, int position, string message)
    {
        var error = Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData("a=\"b\"", "invalid label value \"\"b\"\" at position 2")]
    [InlineData("a='b'", "invalid label value \"'b'\" at position 2")]
    [InlineData("{a}", "invalid label key \"{a}\" at position 0: name part must consist of alphanumeric")]
    [InlineData("{app=\"chat\"}", "invalid label key \"{app\" at position 0")]
    [InlineData("-a", "invalid label key \"-a\" at position 0: name part must consist")]
    [InlineData("a.=b", "invalid label key \"a.\"")]
    [InlineData("/a", "prefix part must be non-empty")]
    [InlineData("example.com/", "name part must be non-empty")]
    [InlineData("a/b/c", "at most one '/'")]
    [InlineData("Example.com/a", "prefix part must be a lowercase RFC 1123 subdomain")]
    [InlineData("example..com/a", "prefix part must be a lowercase RFC 1123 subdomain")]
    [InlineData("-example.com/a", "prefix part must be a lowercase RFC 1123 subdomain")]
    [InlineData("ä=b", "invalid label key \"ä\"")]
    [InlineData("a=b_", "invalid label value \"b_\" at position 2: must be empty or consist of alphanumeric")]
    [InlineData("a in (x, y$)", "invalid label value \"y$\" at position 9")]
    [InlineData("a>b", "invalid value \"b\" at position 2: for '>' and '<' the value must be a 64-bit integer")]
    [InlineData("a>", "invalid value \"\" at position 2")]
    [InlineData("a<1.5", "invalid value \"1.5\" at position 2")]
    [InlineData("a>99999999999999999999", "invalid value \"99999999999999999999\"")]
    [InlineData("a<-1", "invalid label value \"-1\" at position 2")]
    public void Rejects_invalid_keys_and_values(string text, string message)
    {
        var error = Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse(text));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Rejects_a_nul_character_instead_of_ignoring_the_rest_of_the_text()
    {
        Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse("a=b\0,c"));
    }

    [Fact]
    public void Enforces_kubernetes_length_limits()
    {
        var name63 = new string('n', 63);
        var prefix253 = string.Join('.', Enumerable.Repeat(new string('p', 63), 4))[..253];

        Assert.Single(LabelSelector.Parse($"{prefix253}/{name63}={name63}").Requirements);
        Assert.Contains("name part must be no more than 63 characters",
            Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse(name63 + "x")).Message);
        Assert.Contains("prefix part must be no more than 253 characters",
            Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse($"p{prefix253}/a")).Message);
        Assert.Contains("must be no more than 63 characters",
            Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse($"a={name63}x")).Message);
    }

    [Fact]
    public void Is_a_format_exception()
    {
        Assert.IsAssignableFrom<FormatException>(Assert.ThrowsAny<Exception>(() => LabelSelector.Parse("a in (")));
        Assert.Null(new LabelSelectorException("labelSelector was given 2 times").Position);
    }

    [Fact]
    public void TryParse_reports_the_problem_instead_of_throwing()
    {
        Assert.False(LabelSelector.TryParse("a in (", out var bad, out var error));
        Assert.Null(bad);
        Assert.Equal("found end of string at position 6, expected: ',', ')' or identifier", error);

        Assert.True(LabelSelector.TryParse("app=chat", out var good, out var none));
        Assert.Null(none);
        Assert.Equal("app=chat", good.ToString());
    }

    [Fact]
    public void Requirements_normalize_set_values_and_compare_structurally()
    {
        var requirement = new LabelRequirement("a", SelectorOperator.In, ["y", "x", "y"]);

        Assert.Equal(["x", "y"], requirement.Values);
        Assert.Equal(new LabelRequirement("a", SelectorOperator.In, ["x", "y"]), requirement);
        Assert.Equal(new LabelRequirement("a", SelectorOperator.In, ["x", "y"]).GetHashCode(), requirement.GetHashCode());
        Assert.NotEqual(new LabelRequirement("a", SelectorOperator.NotIn, ["x", "y"]), requirement);
        Assert.Equal("a in (x,y)", requirement.ToString());
    }

    [Theory]
    [InlineData("a$", SelectorOperator.Exists, new string[0])]
    [InlineData("a", SelectorOperator.Exists, new[] { "x" })]
    [InlineData("a", SelectorOperator.Equals, new string[0])]
    [InlineData("a", SelectorOperator.Equals, new[] { "x", "y" })]
    [InlineData("a", SelectorOperator.In, new string[0])]
    [InlineData("a", SelectorOperator.GreaterThan, new[] { "x" })]
    [InlineData("a", SelectorOperator.Equals, new[] { "x y" })]
    [InlineData("a", (SelectorOperator)99, new string[0])]
    public void Requirements_reject_invalid_construction(string key, SelectorOperator op, string[] values)
    {
        Assert.ThrowsAny<ArgumentException>(() => new LabelRequirement(key, op, values));
    }
}
