using System.Collections.Concurrent;
using System.Text;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;
using ModelService.Core.Billing;

namespace ModelService.Trainer.Tests;

/// <summary>
/// Sits in this test's storage pipeline and sees every usage event its trainer sends to usage-events (which other
/// tests share), so a test counts its own events exactly. Failure injection: while <see cref="FailSends"/> is set
/// a send fails before it reaches storage, as if the trainer lost its queue (no role, an outage, a crash).
/// </summary>
internal sealed class UsageQueueTap : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<UsageEvent> _sent = new();
    private int _refused;

    public bool FailSends { get; set; }

    /// <summary>Other requests to fail before they are sent (e.g. the model upload, to fail an attempt after training).</summary>
    public Func<HttpMessage, bool> FailOther { get; set; } = _ => false;

    public IReadOnlyList<UsageEvent> Sent => [.. _sent];

    public int Refused => Volatile.Read(ref _refused);

    public IReadOnlyList<UsageEvent> For(string jobId) => Sent.Where(e => e.CallId == $"train-{jobId}").ToList();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var isSend = message.Request.Method == RequestMethod.Post
            && message.Request.Uri.Path.EndsWith($"/{UsageQueueSender.QueueName}/messages", StringComparison.Ordinal);
        if (isSend && FailSends)
        {
            Interlocked.Increment(ref _refused);
            throw new IOException("Injected: the usage queue cannot be reached.");
        }

        if (FailOther(message))
        {
            throw new IOException("Injected: storage cannot be reached.");
        }

        await ProcessNextAsync(message, pipeline);
        if (isSend && message.Response.Status == 201 && message.Request.Content is { } content)
        {
            using var body = new MemoryStream();
            await content.WriteToAsync(body, CancellationToken.None);
            body.Position = 0;
            var text = XDocument.Load(body).Root!.Element("MessageText")!.Value;
            foreach (var usage in UsageBatchJson.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(text))))
            {
                _sent.Enqueue(usage);
            }
        }
    }
}
