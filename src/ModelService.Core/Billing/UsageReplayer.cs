using Microsoft.Extensions.Logging;

namespace ModelService.Core.Billing;

/// <summary>
/// Sends parked usage back to the usage queue (<c>modelsvc usage replay</c>). A blob is deleted only after its
/// message is queued; the ledger counts a call id once, so replaying twice, or replaying what partly made it
/// before, bills nothing twice. A blob that is not a usage batch stays parked and is reported.
/// </summary>
public sealed partial class UsageReplayer
{
    private readonly UsageParking _parking;
    private readonly UsageBatchWriter _writer;
    private readonly ILogger<UsageReplayer> _logger;

    public UsageReplayer(UsageParking parking, UsageBatchWriter writer, ILogger<UsageReplayer> logger)
    {
        _parking = parking;
        _writer = writer;
        _logger = logger;
    }

    public async Task<UsageReplayResult> ReplayAsync(CancellationToken cancellationToken)
    {
        var replayed = 0;
        var events = 0;
        var unreadable = new List<string>();
        await foreach (var name in _parking.ListAsync(cancellationToken))
        {
            var message = await _parking.ReadAsync(name, cancellationToken);
            IReadOnlyList<UsageEvent> batch;
            try
            {
                batch = UsageBatchJson.Parse(message);
            }
            catch (InvalidDataException exception)
            {
                LogUnreadable(name, exception.Message);
                unreadable.Add(name);
                continue;
            }

            await _writer.SendAsync(UsageBatchJson.Serialize(batch), cancellationToken);
            await _parking.DeleteAsync(name, cancellationToken);
            replayed++;
            events += batch.Count;
        }

        return new UsageReplayResult(replayed, events, unreadable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parked usage {Blob} is not a usage batch and stays parked: {Reason}")]
    private partial void LogUnreadable(string blob, string reason);
}
