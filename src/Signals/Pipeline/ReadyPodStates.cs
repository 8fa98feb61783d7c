using Headroom.Signals.Sources;

namespace Headroom.Signals.Pipeline;

/// <summary>
/// What the pipeline remembers of a workload's ready pods, matched by name to each observation's ready pods. A fleet
/// lists the same pods in the same order cycle after cycle, so that case costs one comparison per pod; only a change
/// (a pod ready, gone or listed elsewhere) looks the names up.
/// </summary>
internal sealed class ReadyPodStates(TimeSpan smoothingWindow)
{
    private readonly SmoothingWeight _weight = new(smoothingWindow);
    private readonly Dictionary<string, PodState> _byName = new(StringComparer.Ordinal);
    // The names of the last match, in its order: States[i] is Names[i]'s.
    private readonly List<string> _names = [];
    private readonly HashSet<string> _ready = new(StringComparer.Ordinal);
    private readonly List<string> _gone = [];

    /// <summary>The states of the ready pods last matched, in their order.</summary>
    public List<PodState> States { get; } = [];

    /// <summary>Matches the states to <paramref name="ready"/>: a pod seen for the first time gets a new state, and pods no longer ready are forgotten.</summary>
    public void Match(List<PodReading> ready)
    {
        if (SameAsLast(ready)) return;
        States.Clear();
        _names.Clear();
        _ready.Clear();
        foreach (var pod in ready) _ready.Add(pod.Name);
        if (_byName.Count > 0)
        {
            _gone.Clear();
            foreach (var name in _byName.Keys)
            {
                if (!_ready.Contains(name)) _gone.Add(name);
            }
            foreach (var name in _gone) _byName.Remove(name);
        }
        foreach (var pod in ready)
        {
            if (!_byName.TryGetValue(pod.Name, out var state))
                _byName[pod.Name] = state = new PodState(_weight);
            States.Add(state);
            _names.Add(pod.Name);
        }
    }

    private bool SameAsLast(List<PodReading> ready)
    {
        if (ready.Count != _names.Count) return false;
        for (var i = 0; i < ready.Count; i++)
        {
            if (!string.Equals(ready[i].Name, _names[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
