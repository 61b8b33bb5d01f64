using Microsoft.Extensions.Hosting;

namespace ModelService.Core.Billing;

/// <summary>Drains the usage buffer when the host stops, so a graceful shutdown loses no event.</summary>
public sealed class UsageFlusher : IHostedService
{
    private readonly UsageBuffer _buffer;

    public UsageFlusher(UsageBuffer buffer)
    {
        _buffer = buffer;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _buffer.DrainAsync(cancellationToken);
}
