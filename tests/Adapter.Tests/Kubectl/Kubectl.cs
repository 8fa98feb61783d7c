using System.Diagnostics;
using System.Text.Json;

namespace Headroom.Adapter.Tests.Kubectl;

/// <summary>Runs the real /usr/bin/kubectl with a kubeconfig and captures what it prints.</summary>
public sealed class Kubectl(string kubeconfig)
{
    public const string Path = "/usr/bin/kubectl";

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json()
        {
            Assert.True(ExitCode == 0, $"kubectl failed ({ExitCode}): {Stderr}");
            return JsonDocument.Parse(Stdout).RootElement.Clone();
        }
    }

    public Task<Result> RunAsync(params string[] args) => RunWithAsync(kubeconfig, args);

    public static async Task<Result> RunWithAsync(string kubeconfigPath, params string[] args)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfigPath);
        // A per-test cache directory keeps kubectl's discovery cache from leaking between runs.
        start.Environment["KUBECACHEDIR"] = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "headroom-kubectl-cache-" + Environment.ProcessId);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public async Task<JsonElement> GetRawAsync(string path) => (await RunAsync("get", "--raw", path)).Json();

    /// <summary>An external metric's value for one workload, read as the HPA reads it.</summary>
    public async Task<double> ExternalValueAsync(string ns, string metric, string workload) =>
        SingleValue(await GetRawAsync($"/apis/external.metrics.k8s.io/v1beta1/namespaces/{ns}/{metric}?labelSelector=workload%3D{workload}"));

    /// <summary>The value of the only item of a metric value list.</summary>
    public static double SingleValue(JsonElement list) =>
        Headroom.Serving.Quantities.Quantity.Parse(Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("value").GetString()!);
}
