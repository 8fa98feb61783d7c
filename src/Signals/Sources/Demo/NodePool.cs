namespace Headroom.Signals.Sources.Demo;

/// <summary>GPU nodes shared by all demo workloads; each holds a few pods and a new pod goes to the first node with room.</summary>
internal sealed class NodePool(int podsPerNode)
{
    private readonly List<int> _podsOnNode = [];

    public static string NodeName(int index) => $"gpu-node-{index + 1}";

    public int Place()
    {
        var index = _podsOnNode.FindIndex(count => count < podsPerNode);
        if (index < 0)
        {
            index = _podsOnNode.Count;
            _podsOnNode.Add(0);
        }
        _podsOnNode[index]++;
        return index;
    }

    public void Release(int index) => _podsOnNode[index]--;
}
