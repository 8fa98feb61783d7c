using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Fleet;

// A controller that sets, at each sync, the scale another replay's controller set at the same sync: so two fleet
// models can be compared under the same scaling decisions, without one model's small differences growing into
// different decisions through the feedback loop.
internal sealed class ScriptedScale(TimeSpan period, int initialReplicas, IReadOnlyList<int> decisions) : IReplicaController
{
    private int _sync;

    public TimeSpan Period => period;

    public int InitialReplicas => initialReplicas;

    // Past the script (the other replay ended sooner), the last decision holds.
    public ControllerDecision Sync(ControllerView view) => new(decisions[Math.Min(_sync++, decisions.Count - 1)], null);
}
