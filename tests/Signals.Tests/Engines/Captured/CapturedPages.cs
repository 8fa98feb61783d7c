namespace Headroom.Signals.Tests.Engines.Captured;

/// <summary>The captured pages copied next to the test assembly, with their provenance.</summary>
public static class CapturedPages
{
    private const string Suffix = ".provenance.yaml";

    /// <summary>The folder the pages are copied to.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures", "engines");

    /// <summary>Every page, as its path under <see cref="Root"/> without extension (vllm/v1-design-doc).</summary>
    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Root, "*" + Suffix, SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p)[..^Suffix.Length].Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>The page's bytes.</summary>
    public static byte[] Page(string name) => File.ReadAllBytes(Path.Combine(Root, name + ".txt"));

    /// <summary>The page's provenance.</summary>
    public static PageProvenance Provenance(string name) => PageProvenance.Read(Path.Combine(Root, name + Suffix));
}
