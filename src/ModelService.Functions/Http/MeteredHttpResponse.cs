using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ModelService.Functions.Usage;

namespace ModelService.Functions.Http;

/// <summary>An HTTP answer and the call's usage event; the host writes the event to the queue after the function returns.</summary>
public sealed class MeteredHttpResponse
{
    [HttpResult]
    public required IActionResult Response { get; init; }

    /// <summary>Null when the call was refused before it was admitted (no key, over the rate or the cap).</summary>
    [QueueOutput(UsageQueue.Name)]
    public string? UsageEvent { get; init; }
}
