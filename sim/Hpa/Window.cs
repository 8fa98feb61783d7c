namespace Headroom.Sim.Hpa;

// Whether a remembered instant still counts, for the stabilization windows and policy periods.
// Go compares wall-clock instants (t.After(now - window)) that never tie, because each sync comes a
// little more than a sync period after the one before; the model's instants are exact, so an entry
// exactly one window old counts as outside, as it would be after that drift.
internal static class Window
{
    public static bool Contains(TimeSpan timestamp, TimeSpan now, TimeSpan window) => now - timestamp < window;

    public static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);
}
