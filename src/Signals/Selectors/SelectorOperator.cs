namespace Headroom.Signals.Selectors;

/// <summary>How a label requirement relates a label's value to the requirement's values.</summary>
public enum SelectorOperator
{
    /// <summary>The label exists, whatever its value (<c>key</c>).</summary>
    Exists,
    /// <summary>The label is absent (<c>!key</c>).</summary>
    DoesNotExist,
    /// <summary>The label exists with the one given value (<c>key=value</c> or <c>key==value</c>).</summary>
    Equals,
    /// <summary>The label is absent or has another value than the one given (<c>key!=value</c>).</summary>
    NotEquals,
    /// <summary>The label exists with one of the given values (<c>key in (a,b)</c>).</summary>
    In,
    /// <summary>The label is absent or has none of the given values (<c>key notin (a,b)</c>).</summary>
    NotIn,
    /// <summary>The label exists and is an integer greater than the given one (<c>key&gt;5</c>).</summary>
    GreaterThan,
    /// <summary>The label exists and is an integer less than the given one (<c>key&lt;5</c>).</summary>
    LessThan,
}
