namespace ModelService.Core.Billing;

/// <summary>Where a billed call's usage event goes: the in-process buffer (function app) or the queue directly (trainer).</summary>
public interface IUsageSink
{
    /// <summary>
    /// Hands the event on. Returns when the event is as durable as the sink promises; cancelling stops the wait,
    /// never the event.
    /// </summary>
    Task SendAsync(UsageEvent usage, CancellationToken cancellationToken);
}
