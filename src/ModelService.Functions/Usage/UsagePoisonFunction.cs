using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Billing;

namespace ModelService.Functions.Usage;

/// <summary>
/// Usage the ledger kept refusing: the host moves it to <c>usage-events-poison</c>, whose messages expire (the queue
/// extension writes them with its default time to live). Parked as a blob instead, they never expire, an operator
/// is told (event UsagePoisoned), and <c>modelsvc usage replay</c> sends them back once the cause is fixed.
/// </summary>
public sealed partial class UsagePoisonFunction
{
    private readonly UsageParking _parking;
    private readonly ILogger<UsagePoisonFunction> _logger;

    public UsagePoisonFunction(UsageParking parking, ILogger<UsagePoisonFunction> logger)
    {
        _parking = parking;
        _logger = logger;
    }

    [Function("ParkPoisonedUsage")]
    public async Task Park([QueueTrigger(UsageQueue.Name + "-poison")] string message, CancellationToken cancellationToken)
    {
        var blob = await _parking.ParkAsync(message, "poisoned", cancellationToken);
        LogParked(blob, message.Length);
    }

    [LoggerMessage(EventId = 7105, EventName = "UsagePoisoned", Level = LogLevel.Error,
        Message = "A usage message failed repeatedly and is parked as {Blob} ({Characters} characters); not billed until `modelsvc usage replay`")]
    private partial void LogParked(string blob, int characters);
}
