namespace ModelService.LoadTest;

/// <summary>Billed load at 8 clients while the workers (serving and ledger) are killed halfway (their hosts start new ones): a crash mid-run.</summary>
internal static class KillPhase
{
    public const int Clients = 8;

    public static async Task<LoadResult> RunAsync(string model, Func<CancellationToken, Task<bool>> call, IReadOnlyList<int> hostProcessIds, LoadTestOptions options, CancellationToken cancellationToken)
    {
        var killer = Task.Run(async () =>
        {
            await Task.Delay(options.KillPhase / 2, cancellationToken);
            foreach (var hostProcessId in hostProcessIds)
            {
                Console.WriteLine(WorkerKiller.Kill(hostProcessId) ? $"Killed the worker of host {hostProcessId} mid-run." : $"No worker process of host {hostProcessId} found to kill.");
            }
        }, cancellationToken);
        var result = await LoadRunner.MeasureAsync(model, "http, worker killed", Clients, call, options.KillPhase, int.MaxValue, 0, cancellationToken);
        await killer;
        return result;
    }
}
