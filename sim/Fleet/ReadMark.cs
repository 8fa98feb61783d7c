using Headroom.Fleet;
using Headroom.Signals.Sources;

namespace Headroom.Sim.Fleet;

/// <summary>
/// A ready replica as last read: its GPU busy seconds then, for the duty cycle over the time to the next reading, and
/// the pod reading made, handed out again while nothing it reports has changed.
/// </summary>
internal readonly record struct ReadMark(Replica Replica, double Busy, double At, PodReading Pod);
