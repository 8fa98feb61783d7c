using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Replay;

public sealed class CsvLineTests
{
    [Fact]
    public void Fields_are_formatted_as_ToString_would_and_a_missing_one_stays_a_column()
    {
        var line = new CsvLine();

        line.Clear().Add((double?)null).Add(0.1 + 0.2).Add(123456789.0).Add(-4L).Add((long?)null).Add(1e-7);
        Assert.Equal(",0.3,1.23457E+08,-4,,1E-07", line.Text.ToString());

        // A long row grows the buffer, and Clear starts over.
        line.Clear();
        for (var i = 0; i < 100; i++) line.Add(i + 0.5);
        Assert.Equal(string.Join(',', Enumerable.Range(0, 100).Select(i => (i + 0.5).ToString("G6", System.Globalization.CultureInfo.InvariantCulture))), line.Text.ToString());
    }
}
