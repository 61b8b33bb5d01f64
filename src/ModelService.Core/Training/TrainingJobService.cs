using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;

namespace ModelService.Core.Training;

/// <summary>What the HTTP routes do with training jobs, always on behalf of one tenant.</summary>
public sealed class TrainingJobService
{
    public const int MaxEventsPerCall = 1000;

    private readonly TrainingJobValidator _validator;
    private readonly TrainingJobStore _jobs;
    private readonly TrainingEventStore _events;
    private readonly TrainingJobQueue _queue;
    private readonly TimeProvider _time;
    private readonly ILogger<TrainingJobService> _logger;

    public TrainingJobService(TrainingJobValidator validator, TrainingJobStore jobs, TrainingEventStore events, TrainingJobQueue queue, TimeProvider time, ILogger<TrainingJobService> logger)
    {
        _validator = validator;
        _jobs = jobs;
        _events = events;
        _queue = queue;
        _time = time;
        _logger = logger;
    }

    /// <summary>Validates, writes the record, then enqueues: a message never points at a missing record.</summary>
    public async Task<TrainingJob> SubmitAsync(string tenantId, TrainingJobRequest request, CancellationToken cancellationToken) =>
        await SubmitAsync(tenantId, null, request, cancellationToken);

    /// <param name="keyId">The submitting key, carried by the job's usage event.</param>
    public async Task<TrainingJob> SubmitAsync(string tenantId, string? keyId, TrainingJobRequest request, CancellationToken cancellationToken)
    {
        var hyperparameters = await _validator.ValidateAsync(tenantId, request, cancellationToken);
        var now = _time.GetUtcNow();
        var job = await _jobs.CreateAsync(new TrainingJob
        {
            Id = TrainingJobIds.New(),
            TenantId = tenantId,
            Recipe = request.Recipe!,
            Dataset = request.Dataset!,
            Label = request.Label!,
            OutputModel = request.OutputModel!,
            Hyperparameters = hyperparameters.ToDictionary(),
            SensitiveColumns = request.SensitiveColumns ?? [],
            UseSensitiveAsFeatures = request.UseSensitiveAsFeatures ?? false,
            MaxParityGap = request.MaxParityGap,
            Status = TrainingJobStatus.Queued,
            KeyId = keyId,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
        await _queue.SendAsync(new TrainingJobMessage(tenantId, job.Id), cancellationToken);
        _logger.LogInformation("Queued training job {JobId} of tenant {TenantId} ({Recipe} -> {Model})", job.Id, tenantId, job.Recipe, job.OutputModel);
        return job;
    }

    public async Task<TrainingJob> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken) =>
        await _jobs.FindAsync(tenantId, jobId, cancellationToken) ?? throw NotFound(jobId);

    public Task<IReadOnlyList<TrainingJob>> ListAsync(string tenantId, CancellationToken cancellationToken) => _jobs.ListAsync(tenantId, cancellationToken);

    /// <summary>
    /// A queued job is cancelled at once; a running one is flagged and the trainer stops at the next epoch
    /// boundary. Cancelling a finished job changes nothing and returns it as it is.
    /// </summary>
    public async Task<TrainingJob> CancelAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var job = await _jobs.ChangeAsync(tenantId, jobId, current => current switch
        {
            { Status: var status } when status.IsFinal() => null,
            { CancelRequested: true, Status: TrainingJobStatus.Running } => null,
            { Status: TrainingJobStatus.Queued } => current with { CancelRequested = true, Status = TrainingJobStatus.Cancelled, Reason = "Cancelled before it started.", FinishedAt = now, UpdatedAt = now },
            _ => current with { CancelRequested = true, UpdatedAt = now },
        }, cancellationToken);
        return job ?? throw NotFound(jobId);
    }

    public async Task<IReadOnlyList<TrainingEvent>> EventsAsync(string tenantId, string jobId, int afterSequence, CancellationToken cancellationToken)
    {
        var job = await GetAsync(tenantId, jobId, cancellationToken);
        return await _events.ListAsync(job.Id, Math.Max(0, afterSequence), MaxEventsPerCall, cancellationToken);
    }

    private static ModelServiceException NotFound(string jobId) =>
        new(ErrorCode.NotFound, $"Training job '{(TrainingJobIds.IsValid(jobId) ? jobId : "?")}' does not exist.");
}
