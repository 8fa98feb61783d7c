namespace Headroom.Adapter.Snapshots;

/// <summary>Waiting for a background loop's next tick, where shutdown ends the loop instead of throwing.</summary>
internal static class PeriodicTimerExtensions
{
    /// <summary>True at the next tick; false once the timer is disposed or <paramref name="ct"/> is cancelled.</summary>
    public static async Task<bool> NextTickOrStopAsync(this PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
