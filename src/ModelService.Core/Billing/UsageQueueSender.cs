namespace ModelService.Core.Billing;

/// <summary>
/// Puts a usage event on the usage queue at once, without the function app's buffer: for processes that send few
/// events (the trainer). Retries, then parks, like the buffer's flushes; returns once the event is queued or parked.
/// </summary>
public sealed class UsageQueueSender : IUsageSink
{
    public const string QueueName = "usage-events";

    private readonly UsageBatchWriter _writer;

    public UsageQueueSender(UsageBatchWriter writer)
    {
        _writer = writer;
    }

    public async Task SendAsync(UsageEvent usage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        await _writer.WriteAsync([usage], cancellationToken);
    }
}
