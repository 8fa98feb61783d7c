namespace Headroom.Fleet;

/// <summary>
/// How long a prompt's KV cache takes to move from the prefill replica that computed it to the decode replica that
/// generates from it: a fixed delay (connection set-up, scheduling) plus a time per prompt token (bytes over the link).
/// </summary>
/// <param name="FixedSeconds">Delay of every transfer, seconds.</param>
/// <param name="SecondsPerToken">Delay per prompt token, seconds.</param>
public sealed record KvTransfer(double FixedSeconds, double SecondsPerToken)
{
    /// <summary>Seconds one transfer of <paramref name="promptTokens"/> tokens' KV takes.</summary>
    public double Seconds(int promptTokens) => FixedSeconds + SecondsPerToken * promptTokens;
}
