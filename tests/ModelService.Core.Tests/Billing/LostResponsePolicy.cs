using Azure.Core;
using Azure.Core.Pipeline;

namespace ModelService.Core.Tests.Billing;

/// <summary>
/// Failure injection: lets chosen requests reach storage, then throws as if the connection dropped before the
/// response arrived (the write happened, the caller does not know), or fails them before they are sent.
/// </summary>
internal sealed class LostResponsePolicy : HttpPipelinePolicy
{
    private int _remaining;
    private int _injected;

    public Func<HttpMessage, bool> Matches { get; set; } = _ => false;

    public bool BeforeSending { get; set; }

    /// <summary>How many failures were injected: a test checks its fault really happened.</summary>
    public int Injected => Volatile.Read(ref _injected);

    public void FailNext(int count) => Interlocked.Exchange(ref _remaining, count);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var fail = Matches(message) && Interlocked.Decrement(ref _remaining) >= 0;
        if (fail)
        {
            Interlocked.Increment(ref _injected);
        }

        if (fail && BeforeSending)
        {
            throw new IOException("Injected: the connection failed before the request was sent.");
        }

        await ProcessNextAsync(message, pipeline);
        if (fail)
        {
            throw new IOException("Injected: the connection dropped after the request was processed.");
        }
    }
}
