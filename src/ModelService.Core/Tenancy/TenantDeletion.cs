using System.Globalization;
using Microsoft.Extensions.Logging;
using ModelService.Core.Audit;
using ModelService.Core.Errors;
using ModelService.Core.Predictions;
using ModelService.Core.Registry;
using ModelService.Core.Training;

namespace ModelService.Core.Tenancy;

/// <summary>
/// Deletes a tenant: its keys first (so it can add nothing while the rest goes), then its predictions (records,
/// request and result blobs), datasets and private models; then records the deletion in the audit trail and marks
/// the tenant record deleted. The usage ledger is kept for accounting, and the record stays so the id is never
/// reused. Every step deletes what is still there, so a second run finishes a run cut short, and a run after a
/// finished deletion changes nothing.
/// </summary>
public sealed class TenantDeletion
{
    private readonly TenantStore _tenants;
    private readonly PredictionStore _predictions;
    private readonly DatasetStore _datasets;
    private readonly IModelRegistry _registry;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<TenantDeletion> _logger;

    public TenantDeletion(TenantStore tenants, PredictionStore predictions, DatasetStore datasets, IModelRegistry registry, AuditLog audit, TimeProvider time, ILogger<TenantDeletion> logger)
    {
        _tenants = tenants;
        _predictions = predictions;
        _datasets = datasets;
        _registry = registry;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    /// <param name="actor">Who asks, as the audit trail names them (<c>operator:{name}</c>).</param>
    /// <param name="source">From where (<c>cli@{machine}</c>).</param>
    public async Task<TenantDeletionResult> DeleteAsync(string tenantId, string actor, string source, CancellationToken cancellationToken)
    {
        var tenant = await _tenants.FindTenantAsync(tenantId, cancellationToken)
            ?? throw new ModelServiceException(ErrorCode.NotFound, $"Tenant '{tenantId}' does not exist.");
        var keys = await _tenants.DeleteKeysAsync(tenantId, cancellationToken);
        var predictions = await _predictions.DeleteAllAsync(tenantId, cancellationToken);
        var datasets = await _datasets.DeleteAllAsync(tenantId, cancellationToken);
        var (models, versions) = await DeletePrivateModelsAsync(tenantId, cancellationToken);
        var result = new TenantDeletionResult
        {
            TenantId = tenantId,
            DeletedAt = tenant.DeletedAt ?? _time.GetUtcNow(),
            Keys = keys,
            Predictions = predictions,
            Datasets = datasets,
            Models = models,
            ModelVersions = versions,
            AlreadyDeleted = tenant.DeletedAt is not null && keys + predictions + datasets + versions == 0,
        };
        if (result.AlreadyDeleted)
        {
            return result;
        }

        // Audited before the mark: a run cut short in between audits again on the next run rather than never.
        await _audit.AppendAsync(new AuditEntry { At = _time.GetUtcNow(), TenantId = tenantId, Actor = actor, Action = AuditActions.TenantDelete, Target = $"tenant:{tenantId}", Detail = Describe(result), Source = source }, cancellationToken);
        var marked = await _tenants.MarkDeletedAsync(tenantId, cancellationToken);
        _logger.LogInformation("Tenant {Tenant} deleted: {Detail}", tenantId, Describe(result));
        return result with { DeletedAt = marked.DeletedAt ?? result.DeletedAt };
    }

    private async Task<(int Models, int Versions)> DeletePrivateModelsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var (models, versions) = (0, 0);
        foreach (var model in await _registry.ListModelsAsync(cancellationToken))
        {
            if (await FindLatestAsync(model, cancellationToken) is { } latest && ModelOwnership.IsOwnedBy(latest, tenantId))
            {
                versions += await _registry.DeleteModelAsync(model.Name, cancellationToken);
                models++;
            }
        }

        return (models, versions);
    }

    /// <summary>The model's latest manifest; null when it went between the listing and now (deleted concurrently).</summary>
    private async Task<ModelManifest?> FindLatestAsync(ModelSummary model, CancellationToken cancellationToken)
    {
        try
        {
            return await _registry.GetManifestAsync(model.Name, VersionSelector.ForNumber(model.LatestVersion), cancellationToken);
        }
        catch (ModelServiceException exception) when (exception.Code == ErrorCode.ModelNotFound)
        {
            return null;
        }
    }

    private static string Describe(TenantDeletionResult result) => string.Create(
        CultureInfo.InvariantCulture,
        $"keys {result.Keys}, predictions {result.Predictions}, datasets {result.Datasets}, models {result.Models} ({result.ModelVersions} versions); usage ledger kept");
}
