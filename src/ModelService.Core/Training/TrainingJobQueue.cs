using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using ModelService.Core.Storage;

namespace ModelService.Core.Training;

/// <summary>The training-jobs queue: the function app sends, the trainer receives (its KEDA scaler watches the length).</summary>
public sealed class TrainingJobQueue
{
    private readonly CreateOnce _created;

    public TrainingJobQueue(StorageClientFactory storage, IOptions<TrainingOptions> options)
    {
        var service = storage.CreateQueueServiceClient();
        Client = service.GetQueueClient(options.Value.QueueName);
        PoisonClient = service.GetQueueClient(options.Value.QueueName + "-poison");
        _created = new CreateOnce(ct => Task.WhenAll(Client.CreateIfNotExistsAsync(cancellationToken: ct), PoisonClient.CreateIfNotExistsAsync(cancellationToken: ct)));
    }

    public QueueClient Client { get; }

    /// <summary>Where messages that are not a job pointer go, so nothing is dropped silently.</summary>
    public QueueClient PoisonClient { get; }

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => _created.EnsureAsync(cancellationToken);

    public async Task SendAsync(TrainingJobMessage message, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await Client.SendMessageAsync(JsonSerializer.Serialize(message, TrainingJson.Options), cancellationToken);
    }

    /// <summary>The next message, invisible to others for <paramref name="lease"/>; null when the queue is empty.</summary>
    public async Task<QueueMessage?> ReceiveAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var response = await Client.ReceiveMessageAsync(lease, cancellationToken);
        return response.Value;
    }

    public static TrainingJobMessage? TryParse(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var parsed = message.Body.ToObjectFromJson<TrainingJobMessage>(TrainingJson.Options);
            return parsed is { TenantId.Length: > 0 } && TrainingJobIds.IsValid(parsed.JobId) ? parsed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
