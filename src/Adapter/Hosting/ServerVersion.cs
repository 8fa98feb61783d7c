using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Headroom.Adapter.Api;

namespace Headroom.Adapter.Hosting;

/// <summary>What /version reports: the Kubernetes API level the adapter serves, with Headroom's own version as semver build metadata.</summary>
public static partial class ServerVersion
{
    /// <summary>
    /// The Kubernetes release whose aggregated-apiserver behaviour (discovery, delegated auth, Status errors) the adapter follows
    /// and is tested against. kubectl parses the server's gitVersion as semver and warns when its major differs or its minor is
    /// more than one away from the client's, so this, not Headroom's own version, goes into major, minor and gitVersion's core.
    /// </summary>
    public const int KubernetesMajor = 1;

    /// <summary>The minor of that release.</summary>
    public const int KubernetesMinor = 32;

    /// <summary>Kubernetes' own build date when none is known.</summary>
    public const string UnknownBuildDate = "1970-01-01T00:00:00Z";

    /// <summary>This build's version, read from the assembly's informational version and commit time.</summary>
    public static VersionInfo Current { get; } = Of(typeof(ServerVersion).Assembly);

    /// <summary>
    /// The version for an informational version such as <c>1.0.0+0123abcd</c> (Headroom's version, then the commit) and the
    /// commit's Unix time, as MSBuild stamped them; null when the build had no git.
    /// </summary>
    public static VersionInfo From(string informationalVersion, long? commitUnixSeconds)
    {
        var plus = informationalVersion.IndexOf('+');
        var headroom = plus < 0 ? informationalVersion : informationalVersion[..plus];
        var commit = plus < 0 ? "" : informationalVersion[(plus + 1)..];
        // Build metadata may hold only [0-9A-Za-z-] identifiers separated by dots; anything else would make kubectl fail to parse it.
        var metadata = NotMetadata().Replace("headroom." + headroom, "-");
        var buildDate = commitUnixSeconds is { } seconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            : UnknownBuildDate;
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "unknown";
        // gitTreeState stays empty, as Kubernetes leaves it when the build did not record whether the tree was clean.
        return new VersionInfo(
            KubernetesMajor.ToString(CultureInfo.InvariantCulture), KubernetesMinor.ToString(CultureInfo.InvariantCulture),
            $"v{KubernetesMajor}.{KubernetesMinor}.0+{metadata}", commit, "", buildDate,
            RuntimeInformation.FrameworkDescription, "roslyn", $"{os}/{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}");
    }

    private static VersionInfo Of(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var commitTime = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "CommitUnixTime")?.Value;
        return From(informational, long.TryParse(commitTime, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : null);
    }

    [GeneratedRegex("[^0-9A-Za-z.-]")]
    private static partial Regex NotMetadata();
}
