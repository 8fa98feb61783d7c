using Headroom.Signals.Selectors;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Configuration;

// A workload's roles: checked here with the rest of the file, and turned into one spec per role.
public static partial class ConfigValidator
{
    private static IEnumerable<WorkloadSpec> RolesOf(string at, WorkloadSection w, WorkloadSpec workload, List<string> problems)
    {
        var roles = w.Roles!;
        var key = w.RoleLabel ?? WorkloadRole.LlmdRoleLabel;
        if (!IsLabelKey(key)) problems.Add($"{at}.roleLabel: \"{key}\" is not a label key");
        if (roles.Count == 0) problems.Add($"{at}.roles: empty; declare prefill and decode (or one of them), or remove roles");
        if (LabelSelector.TryParse(workload.Selector, out var selector, out _) && selector.Requirements.Any(r => r.Key == key))
            problems.Add($"{at}.selector: already selects on {key}, the label that tells the roles apart; leave it to roles");
        var specs = new List<WorkloadSpec>();
        var picked = new Dictionary<string, string>(StringComparer.Ordinal);
        var deployments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, section) in roles)
        {
            var field = $"{at}.roles.{name}";
            if (!WorkloadRole.Known.Contains(name))
            {
                problems.Add($"{field}: unknown role (one of {string.Join(", ", WorkloadRole.Known)})");
                continue;
            }
            var role = section ?? new RoleSection();
            var value = role.LabelValue ?? name;
            if (!LabelValue(value)) problems.Add($"{field}.labelValue: \"{value}\" is not a valid label value");
            var deployment = role.Deployment ?? $"{workload.DeploymentName}-{name}";
            if (!DnsLabel(deployment)) problems.Add($"{field}.deployment: \"{deployment}\" is not a valid object name");
            if (deployments.TryGetValue(deployment, out var other))
                problems.Add($"{field}.deployment: {deployment} is also roles.{other}'s; each role scales its own Deployment");
            deployments.TryAdd(deployment, name);

            var seriesLabels = new Dictionary<string, string>(workload.SeriesLabels, StringComparer.Ordinal);
            foreach (var (label, labelValue) in role.SeriesLabels ?? [])
            {
                if (!PromQl.IsLabelName(label)) problems.Add($"{field}.seriesLabels: \"{label}\" is not a Prometheus label name");
                else if (seriesLabels.TryGetValue(label, out var configured) && configured != labelValue)
                    problems.Add($"{field}.seriesLabels: {label} is already {configured} in the workload's seriesLabels; a role can only narrow them");
                seriesLabels[label] = labelValue;
            }
            // Prometheus series carry the pod's labels only as relabelled, so a role must name its own series there.
            if (workload.Source == SourceKind.Prometheus && (role.SeriesLabels is null || role.SeriesLabels.Count == 0))
                problems.Add($"{field}.seriesLabels: required with source: prometheus, to pick this role's series (for example {{llm_d_ai_role: {value}}})");

            var pods = workload.Source == SourceKind.Prometheus
                ? string.Join(",", seriesLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))
                : value;
            if (picked.TryGetValue(pods, out var same))
            {
                problems.Add(workload.Source == SourceKind.Prometheus
                    ? $"{field}: selects the same series as roles.{same} ({pods}); give each role its own seriesLabels"
                    : $"{field}: selects the same pods as roles.{same} ({key}={value}); give each role its own labelValue");
            }
            picked.TryAdd(pods, name);

            // A role's pods may run on other hardware or another parallelism than the other role's: priors of its own.
            if (!(role.TokensPerSecondPerReplica is null or > 0 and < double.PositiveInfinity)) problems.Add($"{field}.tokensPerSecondPerReplica: {role.TokensPerSecondPerReplica} must be positive");
            if (!(role.PrefillTokensPerSecondPerReplica is null or > 0 and < double.PositiveInfinity)) problems.Add($"{field}.prefillTokensPerSecondPerReplica: {role.PrefillTokensPerSecondPerReplica} must be positive");
            if (!(role.KvCacheTokensPerReplica is null or > 0 and < double.PositiveInfinity)) problems.Add($"{field}.kvCacheTokensPerReplica: {role.KvCacheTokensPerReplica} must be positive");
            var rolePods = $"{key}={value}";
            specs.Add(workload with
            {
                Deployment = deployment,
                Selector = string.IsNullOrWhiteSpace(workload.Selector) ? rolePods : $"{workload.Selector},{rolePods}",
                SeriesLabels = seriesLabels,
                TokensPerSecondPerReplica = role.TokensPerSecondPerReplica ?? workload.TokensPerSecondPerReplica,
                PrefillTokensPerSecondPerReplica = role.PrefillTokensPerSecondPerReplica ?? workload.PrefillTokensPerSecondPerReplica,
                KvCacheTokensPerReplica = role.KvCacheTokensPerReplica ?? workload.KvCacheTokensPerReplica,
                ColdStartPrior = Positive($"{field}.coldStartPrior", role.ColdStartPrior, workload.ColdStartPrior, problems),
                Role = new WorkloadRole(name, key, value),
            });
        }
        return specs;
    }
}
