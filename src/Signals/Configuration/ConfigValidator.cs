using Headroom.Signals.Catalog;
using Headroom.Signals.Discovery;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Selectors;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Configuration;

/// <summary>
/// The one place where configuration is checked. Every problem is collected, each naming its field
/// (<c>workloads[1].selector</c>) and what is wrong, so a bad file fails start-up with a full list.
/// </summary>
public static partial class ConfigValidator
{
    /// <summary>Validates a parsed file into a config, or throws with every problem.</summary>
    /// <exception cref="ConfigException">The file has problems.</exception>
    public static HeadroomConfig Validate(ConfigFile file)
    {
        var problems = new List<string>();
        var signals = SignalsOf(file.Signals, problems) with { Forecast = ForecastOf(file.Forecast, problems) };
        var scrape = ScrapeOf(file.Scrape, problems);
        var workloads = WorkloadsOf(file.Workloads, scrape, problems);
        PrometheusOptions? prometheus = null;
        if (file.Prometheus is not null) prometheus = PrometheusOf(file.Prometheus, signals, problems);
        else if (workloads.Any(w => w.Source == SourceKind.Prometheus))
            problems.Add("prometheus: required, because a workload has source: prometheus");
        if (problems.Count > 0) throw new ConfigException(problems);
        return new HeadroomConfig(prometheus, scrape, signals, workloads);
    }

    private static SignalOptions SignalsOf(SignalsSection? s, List<string> problems)
    {
        var d = new SignalOptions();
        if (s is null) return d;
        var options = d with
        {
            Interval = Positive("signals.interval", s.Interval, d.Interval, problems),
            SmoothingWindow = NonNegative("signals.smoothingWindow", s.SmoothingWindow, d.SmoothingWindow, problems),
            StaleAfter = Positive("signals.staleAfter", s.StaleAfter, d.StaleAfter, problems),
            HpaSyncPeriod = Positive("signals.hpaSyncPeriod", s.HpaSyncPeriod, d.HpaSyncPeriod, problems),
            ColdStartQuantile = s.ColdStartQuantile ?? d.ColdStartQuantile,
            ColdStartMinSamples = s.ColdStartMinSamples ?? d.ColdStartMinSamples,
            TokensPerRequest = s.TokensPerRequest ?? d.TokensPerRequest,
            MaxPodsPerWorkload = s.MaxPodsPerWorkload ?? d.MaxPodsPerWorkload,
        };
        if (options.ColdStartQuantile is <= 0 or >= 1) problems.Add($"signals.coldStartQuantile: {options.ColdStartQuantile} must be between 0 and 1, exclusive");
        if (options.ColdStartMinSamples < 1) problems.Add($"signals.coldStartMinSamples: {options.ColdStartMinSamples} must be at least 1");
        if (options.MaxPodsPerWorkload < 1) problems.Add($"signals.maxPodsPerWorkload: {options.MaxPodsPerWorkload} must be at least 1");
        if (options.TokensPerRequest <= 0) problems.Add($"signals.tokensPerRequest: {options.TokensPerRequest} must be positive");
        if (options.StaleAfter < options.Interval) problems.Add("signals.staleAfter: must be at least signals.interval, or every value would be stale between cycles");
        return options with { StaleAfterBySignal = StaleAfterBySignalOf(s.StaleAfterBySignal, options.Interval, problems) };
    }

    private static Dictionary<CatalogMetric, TimeSpan> StaleAfterBySignalOf(Dictionary<string, string>? section, TimeSpan interval, List<string> problems)
    {
        var bounds = new Dictionary<CatalogMetric, TimeSpan>();
        foreach (var (name, value) in section ?? [])
        {
            var field = $"signals.staleAfterBySignal.{name}";
            if (!MetricCatalog.TryGet(name, out var metric))
            {
                problems.Add($"{field}: not a served metric (one of {string.Join(", ", MetricCatalog.All.Select(m => m.Name))})");
                continue;
            }
            var bound = Positive(field, value, interval, problems);
            if (bound < interval) problems.Add($"{field}: must be at least signals.interval, or the metric would be stale between cycles");
            bounds[metric.Id] = bound;
        }
        return bounds;
    }

    private const int MaxForecastSteps = 100_000;

    private static ForecastOptions ForecastOf(ForecastSection? f, List<string> problems)
    {
        var d = new ForecastOptions();
        if (f is null) return d;
        var options = new ForecastOptions
        {
            Step = Positive("forecast.step", f.Step, d.Step, problems),
            History = Positive("forecast.history", f.History, d.History, problems),
            MinHistory = Positive("forecast.minHistory", f.MinHistory, d.MinHistory, problems),
            Holdout = Positive("forecast.holdout", f.Holdout, d.Holdout, problems),
            FitWindow = Positive("forecast.fitWindow", f.FitWindow, d.FitWindow, problems),
            Quantile = f.Quantile ?? d.Quantile,
            RefitInterval = Positive("forecast.refitInterval", f.RefitInterval, d.RefitInterval, problems),
            RefitBudget = Positive("forecast.refitBudget", f.RefitBudget, d.RefitBudget, problems),
            WarmStart = f.WarmStart ?? d.WarmStart,
        };
        if (options.Quantile is <= 0 or >= 1) problems.Add($"forecast.quantile: {options.Quantile} must be between 0 and 1, exclusive");
        if (options.Step <= TimeSpan.Zero) return options;
        var steps = options.History / options.Step;
        if (steps > MaxForecastSteps)
            problems.Add($"forecast.history: {Duration.Format(options.History)} is {steps:0} steps of {Duration.Format(options.Step)}; at most {MaxForecastSteps} are kept");
        if (options.MinHistory / options.Step < 30)
            problems.Add($"forecast.minHistory: {Duration.Format(options.MinHistory)} must be at least 30 steps of {Duration.Format(options.Step)}, to hold out enough to choose a model");
        if (options.MinHistory > options.History) problems.Add("forecast.minHistory: must not be more than forecast.history");
        if (options.Holdout >= options.History) problems.Add("forecast.holdout: must be less than forecast.history");
        return options;
    }

    private static ScrapeOptions ScrapeOf(ScrapeSection? s, List<string> problems)
    {
        var d = ScrapeOptions.Default;
        if (s is null) return d;
        var options = new ScrapeOptions(s.Port ?? d.Port, s.Path ?? d.Path, Positive("scrape.timeout", s.Timeout, d.Timeout, problems),
            s.Concurrency ?? d.Concurrency, s.MaxBodyBytes ?? d.MaxBodyBytes, DcgmOf(s.Dcgm, problems));
        Endpoint("scrape", options.Port, options.Path, problems);
        if (options.Concurrency < 1) problems.Add($"scrape.concurrency: {options.Concurrency} must be at least 1");
        if (options.MaxBodyBytes < 1024) problems.Add($"scrape.maxBodyBytes: {options.MaxBodyBytes} must be at least 1024");
        return options;
    }

    private static DcgmScrapeOptions? DcgmOf(DcgmScrapeSection? s, List<string> problems)
    {
        if (s is null) return null;
        var ns = Required("scrape.dcgm.namespace", s.Namespace, problems);
        if (ns is not null && !DnsLabel(ns)) problems.Add($"scrape.dcgm.namespace: \"{ns}\" is not a valid namespace name");
        var selector = Required("scrape.dcgm.selector", s.Selector, problems);
        if (selector is not null && !LabelSelector.TryParse(selector, out _, out var selectorError))
            problems.Add($"scrape.dcgm.selector: {selectorError}");
        var d = new DcgmScrapeOptions("", "");
        var options = new DcgmScrapeOptions(ns ?? "", selector ?? "", s.Port ?? d.Port, s.Path ?? d.Path);
        Endpoint("scrape.dcgm", options.Port, options.Path, problems);
        return options;
    }

    private static void Endpoint(string section, int port, string path, List<string> problems)
    {
        if (port is < 1 or > 65535) problems.Add($"{section}.port: {port} is not a port (1-65535)");
        if (!path.StartsWith('/')) problems.Add($"{section}.path: \"{path}\" must start with /");
    }

    private static CustomMetrics? CustomMetricsOf(string at, EngineKind engine, CustomMetricsSection? m, List<string> problems)
    {
        if (engine != EngineKind.Custom)
        {
            if (m is not null) problems.Add($"{at}.metrics: only read with engine: custom; the {engine.ToString().ToLowerInvariant()} preset names its own metrics");
            return null;
        }
        if (m is null)
        {
            problems.Add($"{at}.metrics: required with engine: custom (at least generationTokens and waiting)");
            return null;
        }
        string? Name(string field, string? value, bool required)
        {
            if (value is null)
            {
                if (required) problems.Add($"{at}.metrics.{field}: required with engine: custom");
                return null;
            }
            if (!PromQl.IsMetricName(value)) problems.Add($"{at}.metrics.{field}: \"{value}\" is not a metric name");
            return value;
        }
        var generation = Name("generationTokens", m.GenerationTokens, required: true);
        var waiting = Name("waiting", m.Waiting, required: true);
        var prompt = Name("promptTokens", m.PromptTokens, required: false);
        var running = Name("running", m.Running, required: false);
        var kv = Name("kvCache", m.KvCache, required: false);
        var finished = Name("finished", m.Finished, required: false);
        if (finished is not null && prompt is null)
            problems.Add($"{at}.metrics.finished: set without metrics.promptTokens (it is read as the prompt tokens of a request)");
        if (m.KvCacheScale is { } scale && (!double.IsFinite(scale) || scale <= 0))
            problems.Add($"{at}.metrics.kvCacheScale: {scale} must be positive (1 for a 0-1 ratio, 0.01 for a percentage)");
        else if (m.KvCacheScale is not null && kv is null)
            problems.Add($"{at}.metrics.kvCacheScale: set without metrics.kvCache");
        return generation is null || waiting is null ? null
            : new CustomMetrics(generation, waiting, prompt, running, kv, m.KvCacheScale ?? 1, finished);
    }

    private static PrometheusOptions? PrometheusOf(PrometheusSection p, SignalOptions signals, List<string> problems)
    {
        Uri? url = null;
        if (string.IsNullOrWhiteSpace(p.Url)) problems.Add("prometheus.url: required");
        else if (!Uri.TryCreate(p.Url, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            problems.Add($"prometheus.url: \"{p.Url}\" is not an http or https URL");
        var podLabel = p.PodLabel ?? "pod";
        var namespaceLabel = p.NamespaceLabel ?? "namespace";
        if (!PromQl.IsLabelName(podLabel)) problems.Add($"prometheus.podLabel: \"{podLabel}\" is not a Prometheus label name");
        if (!PromQl.IsLabelName(namespaceLabel)) problems.Add($"prometheus.namespaceLabel: \"{namespaceLabel}\" is not a Prometheus label name");
        var options = new PrometheusOptions(url ?? new Uri("http://invalid"),
            Positive("prometheus.timeout", p.Timeout, TimeSpan.FromSeconds(2), problems),
            Positive("prometheus.lookback", p.Lookback, signals.StaleAfter, problems),
            Positive("prometheus.rateWindow", p.RateWindow, TimeSpan.FromMinutes(1), problems),
            podLabel, namespaceLabel)
        {
            HistoryTimeout = Positive("prometheus.historyTimeout", p.HistoryTimeout, TimeSpan.FromSeconds(30), problems),
        };
        return url is null ? null : options;
    }

    private static List<WorkloadSpec> WorkloadsOf(List<WorkloadSection>? sections, ScrapeOptions scrape, List<string> problems)
    {
        var result = new List<WorkloadSpec>();
        if (sections is null || sections.Count == 0)
        {
            problems.Add("workloads: at least one workload is required");
            return result;
        }
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < sections.Count; i++)
        {
            var w = sections[i];
            var at = $"workloads[{i}]";
            if (w is null)
            {
                problems.Add($"{at}: empty entry");
                continue;
            }
            var name = Required($"{at}.name", w.Name, problems);
            var ns = Required($"{at}.namespace", w.Namespace, problems);
            if (name is not null && !LabelValue(name)) problems.Add($"{at}.name: \"{name}\" is not a valid label value (it is matched as workload=<name>)");
            if (ns is not null && !DnsLabel(ns)) problems.Add($"{at}.namespace: \"{ns}\" is not a valid namespace name");
            if (w.Deployment is not null && !DnsLabel(w.Deployment)) problems.Add($"{at}.deployment: \"{w.Deployment}\" is not a valid object name");
            if (name is not null && ns is not null && !seen.Add((ns, name))) problems.Add($"{at}.name: workload {ns}/{name} is defined twice");
            if (w.Selector is not null && !LabelSelector.TryParse(w.Selector, out _, out var selectorError))
                problems.Add($"{at}.selector: {selectorError}");
            var engine = EnumOf<EngineKind>($"{at}.engine", w.Engine, EngineKind.Vllm, problems);
            var custom = CustomMetricsOf(at, engine, w.Metrics, problems);
            var source = EnumOf<SourceKind>($"{at}.source", w.Source, SourceKind.Prometheus, problems);
            if (source == SourceKind.Scrape && string.IsNullOrWhiteSpace(w.Selector))
                problems.Add($"{at}.selector: required with source: scrape, to find the pods to scrape");
            if (source == SourceKind.Prometheus && (w.SeriesLabels is null || w.SeriesLabels.Count == 0) && string.IsNullOrWhiteSpace(w.Selector))
                problems.Add($"{at}.seriesLabels: required with source: prometheus (for example {{job: {name ?? "chat"}}}), to pick the workload's series");
            foreach (var key in w.SeriesLabels?.Keys ?? Enumerable.Empty<string>())
                if (!PromQl.IsLabelName(key)) problems.Add($"{at}.seriesLabels: \"{key}\" is not a Prometheus label name");
            // Scraping cannot reach DCGM through the pod: its exporter runs as its own pods, which must be named.
            if (source == SourceKind.Scrape && (w.Dcgm ?? true) && scrape.Dcgm is null)
                problems.Add($"{at}.dcgm: source: scrape reads GPU duty cycle from the DCGM exporter pods that scrape.dcgm names; add scrape.dcgm, or set dcgm: false");
            if (source == SourceKind.Scrape && w.GatewayPool is not null)
                problems.Add($"{at}.gatewayPool: the gateway queue is read through Prometheus only; use source: prometheus for this workload, or remove gatewayPool");
            if (w.GroupBy is not null && w.GroupBy != ReplicaGroups.LeaderWorkerSet && !IsLabelKey(w.GroupBy))
                problems.Add($"{at}.groupBy: \"{w.GroupBy}\" is neither {ReplicaGroups.LeaderWorkerSet} nor a label key");
            if (!(w.TokensPerSecondPerReplica is null or > 0 and < double.PositiveInfinity)) problems.Add($"{at}.tokensPerSecondPerReplica: {w.TokensPerSecondPerReplica} must be positive");
            if (!(w.PrefillTokensPerSecondPerReplica is null or > 0 and < double.PositiveInfinity)) problems.Add($"{at}.prefillTokensPerSecondPerReplica: {w.PrefillTokensPerSecondPerReplica} must be positive");
            if (!(w.KvCacheTokensPerReplica is null or > 0 and < double.PositiveInfinity)) problems.Add($"{at}.kvCacheTokensPerReplica: {w.KvCacheTokensPerReplica} must be positive");
            if (!(w.SloAttainment is null or > 0 and < 1)) problems.Add($"{at}.sloAttainment: {w.SloAttainment} must be between 0 and 1 (such as 0.99)");
            var defaults = new WorkloadSpec { Name = "", Namespace = "" };
            var spec = new WorkloadSpec
            {
                Name = name ?? "",
                Namespace = ns ?? "",
                Deployment = w.Deployment,
                Selector = w.Selector ?? "",
                Engine = engine,
                Source = source,
                SeriesLabels = w.SeriesLabels ?? new Dictionary<string, string>(),
                TokensPerSecondPerReplica = w.TokensPerSecondPerReplica ?? defaults.TokensPerSecondPerReplica,
                PrefillTokensPerSecondPerReplica = w.PrefillTokensPerSecondPerReplica ?? defaults.PrefillTokensPerSecondPerReplica,
                KvCacheTokensPerReplica = w.KvCacheTokensPerReplica ?? defaults.KvCacheTokensPerReplica,
                TtftObjective = Positive($"{at}.ttftObjective", w.TtftObjective, defaults.TtftObjective, problems),
                SloAttainment = w.SloAttainment ?? defaults.SloAttainment,
                ColdStartPrior = Positive($"{at}.coldStartPrior", w.ColdStartPrior, defaults.ColdStartPrior, problems),
                QueueDrainTarget = Positive($"{at}.queueDrainTarget", w.QueueDrainTarget, defaults.QueueDrainTarget, problems),
                ScaleDownStabilization = NonNegative($"{at}.scaleDownStabilization", w.ScaleDownStabilization, defaults.ScaleDownStabilization, problems),
                GatewayPool = w.GatewayPool,
                Dcgm = w.Dcgm ?? true,
                GroupBy = w.GroupBy,
                CustomMetrics = custom,
            };
            if (w.Roles is null)
            {
                if (w.RoleLabel is not null) problems.Add($"{at}.roleLabel: set without roles");
                result.Add(spec);
            }
            else
            {
                result.AddRange(RolesOf(at, w, spec, problems));
            }
        }
        // Object metrics are answered per Deployment, so two workloads (or roles) on one would answer each other's.
        foreach (var shared in result.GroupBy(w => (w.Namespace, w.DeploymentName)).Where(g => g.Count() > 1))
            problems.Add($"workloads: deployments.apps {shared.Key.Namespace}/{shared.Key.DeploymentName} is scaled by {string.Join(" and ", shared.Select(w => w.Id))}; give each its own deployment");
        return result;
    }

    // A label key is what a selector of that key alone (the label exists) accepts.
    private static bool IsLabelKey(string key) =>
        LabelSelector.TryParse(key, out var selector, out _) && selector is { Requirements: [{ Operator: SelectorOperator.Exists }] };

    private static string? Required(string field, string? value, List<string> problems)
    {
        if (!string.IsNullOrWhiteSpace(value)) return value;
        problems.Add($"{field}: required");
        return null;
    }

    private static T EnumOf<T>(string field, string? value, T fallback, List<string> problems) where T : struct, Enum
    {
        if (value is null) return fallback;
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !value.Any(char.IsDigit)) return parsed;
        problems.Add($"{field}: \"{value}\" is not one of {string.Join(" | ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
        return fallback;
    }

    private static TimeSpan Positive(string field, string? value, TimeSpan fallback, List<string> problems)
    {
        var parsed = NonNegative(field, value, fallback, problems);
        if (value is not null && parsed <= TimeSpan.Zero && Duration.TryParse(value) is not null) problems.Add($"{field}: \"{value}\" must be more than zero");
        return parsed;
    }

    private static TimeSpan NonNegative(string field, string? value, TimeSpan fallback, List<string> problems)
    {
        if (value is null) return fallback;
        if (Duration.TryParse(value) is { } parsed)
        {
            if (parsed >= TimeSpan.Zero) return parsed;
            problems.Add($"{field}: \"{value}\" must not be negative");
            return fallback;
        }
        problems.Add($"{field}: \"{value}\" is not a duration (for example 500ms, 30s, 3m, 1h30m)");
        return fallback;
    }

    private static bool LabelValue(string value) =>
        LabelSelector.TryParse($"x={value}", out _, out _);

    private static bool DnsLabel(string value) =>
        value.Length is > 0 and <= 63 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && value[0] != '-' && value[^1] != '-';
}

/// <summary>An invalid configuration; each problem names its field.</summary>
public sealed class ConfigException(IReadOnlyList<string> problems) : Exception("invalid config: " + string.Join("; ", problems))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
