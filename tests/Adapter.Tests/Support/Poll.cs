namespace Headroom.Adapter.Tests.Support;

/// <summary>Waiting for a running system to reach a state, and comparing measured values.</summary>
public static class Poll
{
    /// <summary>Retries the check until it passes; after the timeout its last failure is thrown.</summary>
    public static async Task UntilAsync(Func<Task> check, TimeSpan timeout, int intervalMs = 200)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await check();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(intervalMs);
            }
        }
    }

    /// <summary>Asserts a value within a relative tolerance of the expected one.</summary>
    public static void Within(double actual, double expected, double relative = 0.05) =>
        Assert.True(Math.Abs(actual - expected) <= Math.Abs(expected) * relative, $"expected {expected} ±{relative:P0}, got {actual}");
}
