using Azure.Core;
using Azure.Core.Pipeline;

namespace ModelService.Core.Tests.Resilience;

/// <summary>
/// Failure injection for optimistic concurrency: just before each of the next chosen requests is sent, another
/// writer changes the same record, so storage itself answers 409 or 412 and the caller has lost a real race.
/// </summary>
internal sealed class CompetingWritePolicy : HttpPipelinePolicy
{
    private int _remaining;
    private int _injected;

    public Func<HttpMessage, bool> Matches { get; set; } = _ => false;

    /// <summary>The other writer's change; the number (from 1) of the race it wins is passed in.</summary>
    public Func<int, Task> CompetingWrite { get; set; } = _ => Task.CompletedTask;

    /// <summary>How many races were lost on purpose: a test checks its fault really happened.</summary>
    public int Injected => Volatile.Read(ref _injected);

    public void FailNext(int count) => Interlocked.Exchange(ref _remaining, count);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Matches(message) && Interlocked.Decrement(ref _remaining) >= 0)
        {
            await CompetingWrite(Interlocked.Increment(ref _injected));
        }

        await ProcessNextAsync(message, pipeline);
    }
}
