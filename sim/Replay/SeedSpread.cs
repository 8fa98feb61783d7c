using System.Globalization;

namespace Headroom.Sim.Replay;

/// <summary>
/// One comparison repeated over fleet seeds, which draw the replicas' cold starts: each policy's least, mean and most
/// attainment and GPU-hours, so that a difference between policies can be told from one policy's luck with cold starts.
/// </summary>
public static class SeedSpread
{
    /// <summary>The spread table's columns, one row per policy.</summary>
    public const string Header = "policy,seeds,slo_attainment_min,slo_attainment_mean,slo_attainment_max,gpu_hours_min,gpu_hours_mean,gpu_hours_max,oracle_gpu_hours_mean";

    /// <summary>seeds.csv's columns, one row per seed and policy.</summary>
    public const string RowsHeader = "seed,policy,slo_attainment,gpu_hours,oracle_gpu_hours,oracle_slo_attainment,cold_starts,slo_attainment_after_first_cold_start";

    /// <summary>
    /// Reads <c>--seeds</c>: whole numbers, comma-separated, each once. Null seeds and a problem naming the bad one when
    /// the text is not that; null seeds and no problem when it is absent.
    /// </summary>
    public static (IReadOnlyList<int>? Seeds, string? Problem) Parse(string? text)
    {
        if (text is null) return (null, null);
        var seeds = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
                return (null, $"--seeds {text}: '{part}' is not a whole number of zero or more");
            if (seeds.Contains(seed)) return (null, $"--seeds {text}: seed {seed} is given twice");
            seeds.Add(seed);
        }
        return (seeds, null);
    }

    /// <summary>Writes the spread table to <paramref name="table"/> and every seed's rows to <paramref name="rows"/>.</summary>
    /// <param name="table">Where the table of each policy's spread goes.</param>
    /// <param name="rows">Where each seed's row per policy goes (seeds.csv).</param>
    /// <param name="runs">Each seed with its policies' summaries, the policies in the same order for every seed.</param>
    public static void Write(TextWriter table, TextWriter rows, IReadOnlyList<(int Seed, IReadOnlyList<ReplaySummary> Summaries)> runs)
    {
        rows.WriteLine(RowsHeader);
        foreach (var (seed, summaries) in runs)
        {
            foreach (var s in summaries)
            {
                rows.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{seed},{s.Policy},{s.SloAttainment:F4},{s.GpuHours:F3},{s.OracleGpuHours:F3},{s.OracleSloAttainment:F4},{s.ColdStarts},{s.SloAttainmentAfterFirstColdStart:F4}"));
            }
        }
        table.WriteLine(Header);
        for (var p = 0; p < runs[0].Summaries.Count; p++)
        {
            var each = runs.Select(r => r.Summaries[p]).ToArray();
            var slo = each.Select(s => s.SloAttainment).ToArray();
            var gpu = each.Select(s => s.GpuHours).ToArray();
            var oracle = each.All(s => s.OracleGpuHours is not null) ? each.Average(s => s.OracleGpuHours!.Value) : (double?)null;
            table.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{each[0].Policy},{each.Length},{slo.Min():F4},{slo.Average():F4},{slo.Max():F4},{gpu.Min():F3},{gpu.Average():F3},{gpu.Max():F3},{oracle:F3}"));
        }
    }
}
