using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Resilience;
using ModelService.Core.Storage;
using Polly;

namespace ModelService.Core.Training;

/// <summary>
/// Job records in Table storage, one partition per tenant: a job of another tenant is simply not found. Every
/// change is a read-modify-write conditioned on the ETag, so the API's cancel and the trainer's heartbeat never
/// overwrite each other.
/// </summary>
public sealed class TrainingJobStore
{
    private const int ChangeAttempts = 8;

    private readonly TableClient _table;
    private readonly int _maxListed;
    private readonly CreateOnce _created;

    // Someone else wrote in between (a heartbeat, a cancel): apply the change to their version, at once.
    private readonly ResiliencePipeline _retry;

    public TrainingJobStore(StorageClientFactory storage, IOptions<TrainingOptions> options, TimeProvider time)
    {
        _retry = RetryPipelines.OptimisticConcurrency(ChangeAttempts, RetryPipelines.IsConflict, RetryPipelines.NoPause, time);
        _table = storage.CreateTableServiceClient().GetTableClient(options.Value.JobsTable);
        _maxListed = options.Value.MaxListedJobs;
        _created = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
    }

    public async Task<TrainingJob> CreateAsync(TrainingJob job, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var response = await _table.AddEntityAsync(TrainingJobEntities.ToEntity(job with { ETag = null }), cancellationToken);
        return job with { ETag = response.Headers.ETag?.ToString() };
    }

    public async Task<TrainingJob?> FindAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        if (!TrainingJobIds.IsValid(jobId))
        {
            return null;
        }

        await _created.EnsureAsync(cancellationToken);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(tenantId, jobId, cancellationToken: cancellationToken);
        return response.HasValue ? TrainingJobEntities.ToJob(response.Value!) : null;
    }

    /// <summary>The tenant's jobs, newest first (ids are time-ordered).</summary>
    public async Task<IReadOnlyList<TrainingJob>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var jobs = new List<TrainingJob>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == tenantId, cancellationToken: cancellationToken))
        {
            jobs.Add(TrainingJobEntities.ToJob(entity));
        }

        return jobs.OrderByDescending(j => j.Id, StringComparer.Ordinal).Take(_maxListed).ToList();
    }

    /// <summary>Replaces the record if nobody changed it since <paramref name="job"/> was read; else Conflict.</summary>
    public async Task<TrainingJob> ReplaceAsync(TrainingJob job, CancellationToken cancellationToken)
    {
        try
        {
            var entity = TrainingJobEntities.ToEntity(job);
            var response = await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            return job with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            throw new ModelServiceException(ErrorCode.Conflict, $"Training job {job.Id} was changed concurrently.", exception);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current record and writes it, reading again after a concurrent
    /// change. The change returns null to leave the record as it is. Null when the job does not exist.
    /// </summary>
    public async Task<TrainingJob?> ChangeAsync(string tenantId, string jobId, Func<TrainingJob, TrainingJob?> change, CancellationToken cancellationToken)
    {
        return await _retry.ExecuteAsync(
            async token =>
            {
                var current = await FindAsync(tenantId, jobId, token);
                return current is null || change(current) is not { } changed ? current : await ReplaceAsync(changed, token);
            },
            cancellationToken);
    }
}
