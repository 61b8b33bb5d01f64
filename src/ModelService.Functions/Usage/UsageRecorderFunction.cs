using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Billing;

namespace ModelService.Functions.Usage;

/// <summary>
/// Moves usage batches from the queue into the ledger. Recording is idempotent by call id, so the queue's
/// at-least-once delivery bills each call once; a failure leaves the message for a retry, and after host.json's
/// maxDequeueCount it goes to <c>usage-events-poison</c>, from where <see cref="UsagePoisonFunction"/> parks it.
/// </summary>
public sealed class UsageRecorderFunction
{
    private readonly UsageLedger _ledger;
    private readonly ILogger<UsageRecorderFunction> _logger;

    public UsageRecorderFunction(UsageLedger ledger, ILogger<UsageRecorderFunction> logger)
    {
        _ledger = ledger;
        _logger = logger;
    }

    [Function("RecordUsage")]
    public async Task Record([QueueTrigger(UsageQueue.Name)] string message, CancellationToken cancellationToken)
    {
        var events = UsageBatchJson.Parse(message);
        var outcome = await _ledger.RecordBatchAsync(events, cancellationToken);
        _logger.LogInformation("Usage batch of {Events} events: {Recorded} recorded, {Duplicates} already in the ledger", events.Count, outcome.Recorded, outcome.Duplicates);
    }
}
