using Headroom.Fleet;

namespace Headroom.Sim.Fleet;

/// <summary>A replica's GPU busy seconds as of one reading, for the duty cycle over the time to the next.</summary>
internal readonly record struct BusyMark(Replica Replica, double Busy, double At);
