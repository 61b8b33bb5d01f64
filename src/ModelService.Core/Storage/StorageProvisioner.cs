using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelService.Core.Resilience;
using Polly;

namespace ModelService.Core.Storage;

/// <summary>
/// Creates every container, table and queue the host's features declared, once at start-up, so the first request
/// does not pay for it. Idempotent (create-if-missing); what fails is retried with doubling back-off until it
/// succeeds, and a failure is never remembered: the stores still create what they need on first use.
/// </summary>
public sealed class StorageProvisioner : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(1);

    private readonly StorageClientFactory _storage;
    private readonly IReadOnlyList<StorageResource> _resources;
    private readonly ResiliencePipeline<IReadOnlyList<StorageResource>> _retry;
    private readonly ILogger<StorageProvisioner> _logger;

    public StorageProvisioner(StorageClientFactory storage, IEnumerable<IStorageResourceDeclaration> declarations, TimeProvider time, ILogger<StorageProvisioner> logger)
    {
        _storage = storage;
        _resources = [.. declarations.SelectMany(d => d.Resources).Distinct()];
        _retry = RetryPipelines.UntilDone<IReadOnlyList<StorageResource>>(failed => failed.Count == 0, RetryPipelines.Doubling(FirstRetry, LongestRetry), time);
        _logger = logger;
    }

    public IReadOnlyList<StorageResource> Resources => _resources;

    /// <summary>Returns once every resource exists; only cancellation stops it sooner.</summary>
    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        var pending = _resources;
        var attempt = 0;
        var failed = await _retry.ExecuteAsync(
            async token =>
            {
                attempt++;
                pending = await TryCreateAllAsync(pending, attempt, token);
                return pending;
            },
            cancellationToken);
        if (failed.Count > 0)
        {
            // The pipeline stops short only when cancelled.
            throw new OperationCanceledException(cancellationToken);
        }

        _logger.LogInformation("Storage provisioned: {Count} containers, tables and queues", _resources.Count);
    }

    /// <summary>Tries each resource once; returns those that failed.</summary>
    private async Task<IReadOnlyList<StorageResource>> TryCreateAllAsync(IReadOnlyList<StorageResource> pending, int attempt, CancellationToken cancellationToken)
    {
        var failed = new List<StorageResource>();
        foreach (var resource in pending)
        {
            if (!await TryCreateAsync(resource, attempt, cancellationToken))
            {
                failed.Add(resource);
            }
        }

        return failed;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => ProvisionAsync(stoppingToken);

    private async Task<bool> TryCreateAsync(StorageResource resource, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await CreateAsync(resource, cancellationToken);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(exception, "Could not create {Kind} {Name} (attempt {Attempt}); retrying", resource.Kind, resource.Name, attempt);
            return false;
        }
    }

    private Task CreateAsync(StorageResource resource, CancellationToken cancellationToken) => resource.Kind switch
    {
        StorageResourceKind.BlobContainer => _storage.CreateBlobServiceClient().GetBlobContainerClient(resource.Name).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
        StorageResourceKind.Table => _storage.CreateTableServiceClient().CreateTableIfNotExistsAsync(resource.Name, cancellationToken),
        StorageResourceKind.Queue => _storage.CreateQueueServiceClient().GetQueueClient(resource.Name).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource.Kind, "Not a storage resource kind."),
    };
}
