namespace Headroom.Signals.Sources.Demo;

/// <summary>The daily swing of request rate: a cosine peaking mid-afternoon, played at compressed speed.</summary>
internal static class DiurnalCycle
{
    // The demo opens at 09:00 on the morning ramp, so its first minutes already show load rising.
    private const double StartHour = 9;
    private const double PeakHour = 15;
    private const double SecondsPerHour = 3600;
    private const double HoursPerDay = 24;

    public static double Factor(double realSeconds, double compression, double amplitude)
    {
        var hour = StartHour + realSeconds * compression / SecondsPerHour;
        return 1 + amplitude * Math.Cos(2 * Math.PI * (hour - PeakHour) / HoursPerDay);
    }
}
