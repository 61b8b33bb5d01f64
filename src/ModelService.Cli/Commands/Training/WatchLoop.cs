using System.Text.Json;
using ModelService.Cli.Infrastructure;

namespace ModelService.Cli.Commands.Training;

/// <summary>
/// Polls a job's new events and status every interval until the job is final or the timeout passes; bounded, so
/// a watcher never polls forever.
/// </summary>
public sealed class WatchLoop
{
    private static readonly string[] FinalStatuses = ["succeeded", "failed", "cancelled"];

    private readonly ServiceClient _client;
    private readonly string _path;

    public WatchLoop(ServiceClient client, string jobId)
    {
        _client = client;
        _path = $"api/training-jobs/{Uri.EscapeDataString(jobId)}";
    }

    public async Task<JsonElement> RunAsync(TimeSpan interval, TimeSpan timeout, Action<JsonElement> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        var (after, deadline) = (0, DateTimeOffset.UtcNow + timeout);
        while (true)
        {
            var answer = await _client.SendAsync(HttpMethod.Get, $"{_path}/events?after={after}", null, cancellationToken);
            foreach (var e in answer.GetProperty("events").EnumerateArray())
            {
                after = Math.Max(after, e.GetProperty("sequence").GetInt32());
                onEvent(e);
            }

            var job = await _client.SendAsync(HttpMethod.Get, _path, null, cancellationToken);
            if (FinalStatuses.Contains(job.GetProperty("status").GetString()))
            {
                return job;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw CliException.Unavailable($"Stopped watching after {timeout.TotalSeconds:0} s; the job is still {job.GetProperty("status").GetString()}.");
            }

            await Task.Delay(interval, cancellationToken);
        }
    }
}
