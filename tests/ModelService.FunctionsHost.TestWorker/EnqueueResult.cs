using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ModelService.FunctionsHost.TestWorker;

/// <summary>An HTTP answer plus a queue message: the worker returns both, the host writes the message.</summary>
public sealed class EnqueueResult
{
    [QueueOutput("%OutputQueue%")]
    public string? Message { get; init; }

    [HttpResult]
    public required IActionResult Response { get; init; }
}
