using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ModelService.FunctionsHost.TestWorker;

/// <summary>Queue triggers: one that fails on request (to reach the poison queue), one bound to QueueMessage.</summary>
public sealed class QueueFunctions
{
    private readonly ILogger<QueueFunctions> _logger;

    public QueueFunctions(ILogger<QueueFunctions> logger)
    {
        _logger = logger;
    }

    [Function("ProcessWork")]
    [QueueOutput("%OutputQueue%")]
    public string ProcessWork([QueueTrigger("%InputQueue%")] string message)
    {
        if (message.Contains("fail", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Asked to fail.");
        }

        _logger.LogInformation("Processed a work item");
        return "done:" + message;
    }

    [Function("InspectMessage")]
    [QueueOutput("%OutputQueue%")]
    public string InspectMessage([QueueTrigger("%InspectQueue%")] QueueMessage message) =>
        $"inspected:{message.MessageText}:{message.DequeueCount}:{!string.IsNullOrEmpty(message.MessageId)}";
}
