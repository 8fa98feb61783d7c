using System.Reflection;

namespace Headroom.Adapter.Ui;

/// <summary>One file of the live page, embedded in the assembly so the page needs nothing from outside the server.</summary>
/// <param name="Body">The file's bytes.</param>
/// <param name="ContentType">Its media type.</param>
public sealed record UiAsset(byte[] Body, string ContentType)
{
    /// <summary>Reads an embedded file of <c>Ui/Page</c> by its name.</summary>
    /// <exception cref="InvalidOperationException">The file is not embedded: a build defect.</exception>
    public static UiAsset Load(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Headroom.Adapter.Ui.Page.{name}")
            ?? throw new InvalidOperationException($"the live page's {name} is not embedded in the adapter assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new UiAsset(copy.ToArray(), contentType);
    }
}
