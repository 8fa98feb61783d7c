using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Headroom.Sim.Keda;

// Names the field at a position of a YAML document (spec.triggers[0].metadata), so that a deserializer
// error, which only knows a line and column, can say which field it is about.
internal static class YamlFieldPath
{
    public static string? At(string yaml, Mark mark)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException)
        {
            return null;
        }
        return stream.Documents.Count == 0 ? null : Find(stream.Documents[0].RootNode, "", mark);
    }

    // A full walk: block collections do not record where they end, so a subtree cannot be skipped by position.
    private static string? Find(YamlNode node, string path, Mark mark)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var child = Join(path, key is YamlScalarNode { Value: { } name } ? name : "?");
                    if (SameStart(key, mark) || SameStart(value, mark))
                    {
                        return child;
                    }
                    if (Find(value, child, mark) is { } found)
                    {
                        return found;
                    }
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var item = sequence.Children[i];
                    var child = $"{path}[{i}]";
                    if (SameStart(item, mark))
                    {
                        return child;
                    }
                    if (Find(item, child, mark) is { } found)
                    {
                        return found;
                    }
                }
                break;
        }
        return null;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static bool SameStart(YamlNode node, Mark mark) => node.Start.Line == mark.Line && node.Start.Column == mark.Column;
}
