using Headroom.Adapter.Demo;
using Headroom.Adapter.Hosting;

return await AdapterCommandLine.Build(RunAsync).Parse(args).InvokeAsync();

static async Task<int> RunAsync(AdapterOptions options, CancellationToken cancellationToken)
{
    RunningAdapter adapter;
    try
    {
        adapter = await RunningAdapter.StartAsync(options, cancellationToken);
    }
    catch (OptionsException ex)
    {
        foreach (var problem in ex.Problems) Console.Error.WriteLine($"error: {problem}");
        return 2;
    }
    catch (IOException ex)
    {
        Console.Error.WriteLine($"error: cannot listen: {ex.Message}");
        return 1;
    }

    await using (adapter)
    {
        if (adapter.KubeconfigPath is { } kubeconfig) DemoBanner.Print(kubeconfig, adapter);
        await adapter.App.WaitForShutdownAsync(cancellationToken);
    }
    return 0;
}
