namespace ModelService.LoadTest;

/// <summary>Billed load at 8 clients while the worker is killed halfway (the host starts a new one): a crash mid-run.</summary>
internal static class KillPhase
{
    public const int Clients = 8;

    public static async Task<LoadResult> RunAsync(string model, Func<CancellationToken, Task<bool>> call, int hostProcessId, LoadTestOptions options, CancellationToken cancellationToken)
    {
        var killer = Task.Run(async () =>
        {
            await Task.Delay(options.KillPhase / 2, cancellationToken);
            Console.WriteLine(WorkerKiller.Kill(hostProcessId) ? "Killed the worker mid-run." : "No worker process found to kill.");
        }, cancellationToken);
        var result = await LoadRunner.MeasureAsync(model, "http, worker killed", Clients, call, options.KillPhase, int.MaxValue, 0, cancellationToken);
        await killer;
        return result;
    }
}
