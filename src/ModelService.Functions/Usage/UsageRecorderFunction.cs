using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Billing;

namespace ModelService.Functions.Usage;

/// <summary>
/// Moves usage events from the queue into the ledger. Recording is idempotent, so the queue's at-least-once
/// delivery bills each call once; a failure leaves the message for a retry, and a message that is not a usage
/// event ends in <c>usage-events-poison</c> after host.json's maxDequeueCount, where nothing is lost.
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
        var usage = UsageEventJson.Parse(message);
        var outcome = await _ledger.RecordAsync(usage, cancellationToken);
        _logger.LogInformation("Usage of call {CallId} for {Tenant}: {Outcome}", usage.CallId, usage.TenantId, outcome);
    }
}
