using Azure;
using Microsoft.Extensions.Logging;
using ModelService.Core.Audit;
using ModelService.Core.Registry;
using ModelService.Core.Training;

namespace ModelService.Trainer.Worker;

/// <summary>
/// Puts a trained version in its tenant's audit trail: who (the submitting key), what, when, from which trainer.
/// Best effort: the version is published already, so a failed write is logged for an operator rather than
/// failing the job (which would then finish with the same version and no entry either).
/// </summary>
public sealed class PublicationAudit
{
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<PublicationAudit> _logger;

    public PublicationAudit(AuditLog audit, TimeProvider time, ILogger<PublicationAudit> logger)
    {
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    public async Task RecordAsync(TrainingJob job, ModelManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            await _audit.AppendAsync(
                new AuditEntry
                {
                    At = _time.GetUtcNow(),
                    TenantId = job.TenantId,
                    Actor = job.KeyId is { } keyId ? $"key:{keyId}" : "trainer",
                    Action = AuditActions.ModelPublish,
                    Target = $"model:{manifest.Name}:{manifest.Version}",
                    Detail = $"trained by job {job.Id}, private to {job.TenantId}, sha256 {manifest.Sha256}",
                    Source = $"trainer@{Environment.MachineName}",
                },
                cancellationToken);
        }
        catch (RequestFailedException exception)
        {
            _logger.LogWarning("Audit entry for {Model}:{Version} (job {JobId}) not written: {Status} {Code}", manifest.Name, manifest.Version, job.Id, exception.Status, exception.ErrorCode);
        }
    }
}
