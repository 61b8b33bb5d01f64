using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Inference;
using ModelService.Core.Quotas;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Core.Webhooks;

namespace ModelService.Core.Predictions;

/// <summary>
/// Accepts an asynchronous inference request: admitted like a sync call (rate, spend cap), the model resolved
/// now so an unknown or hidden model is a 404 at once, the inputs checked against its signature as a sync call's are
/// (a request that cannot run is a 400 now, not stored), the webhook checked, the tenant's pending limit kept, then
/// recorded and queued.
/// </summary>
public sealed class PredictionSubmitter
{
    private readonly PredictionStore _store;
    private readonly QuotaGuard _quotas;
    private readonly ModelServing _serving;
    private readonly WebhookTargets _targets;
    private readonly InferenceRequestValidator _validator;
    private readonly PredictionOptions _options;
    private readonly TimeProvider _time;

    public PredictionSubmitter(PredictionStore store, QuotaGuard quotas, ModelServing serving, WebhookTargets targets, InferenceRequestValidator validator, IOptions<PredictionOptions> options, TimeProvider time)
    {
        _store = store;
        _quotas = quotas;
        _serving = serving;
        _targets = targets;
        _validator = validator;
        _options = options.Value;
        _time = time;
    }

    public async Task<PredictionRecord> SubmitAsync(Caller caller, string model, string? version, ReadOnlyMemory<byte> requestJson, string? webhookUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await _quotas.AdmitAsync(caller, cancellationToken);
        var manifest = await _serving.ResolveAsync(caller.TenantId, model, version, cancellationToken);
        _validator.Validate(manifest.Signature, requestJson);
        var webhook = webhookUrl is null ? null : await _targets.ValidateAsync(webhookUrl, cancellationToken);
        await EnsureRoomAsync(caller.TenantId, caller.Limits.MaxPendingPredictions ?? _options.MaxPendingPerTenant, cancellationToken);
        var now = _time.GetUtcNow();
        var record = new PredictionRecord
        {
            Id = PredictionIds.New(),
            TenantId = caller.TenantId,
            KeyId = caller.KeyId,
            Model = model,
            Version = version,
            Status = PredictionStatus.Queued,
            WebhookUrl = webhook?.ToString(),
            WebhookSecret = webhook is null ? null : WebhookSignature.NewSecret(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await _store.SubmitAsync(record, requestJson, cancellationToken);
    }

    private async Task EnsureRoomAsync(string tenantId, int limit, CancellationToken cancellationToken)
    {
        if (limit > 0 && await _store.CountPendingAsync(tenantId, limit, cancellationToken) >= limit)
        {
            throw new ModelServiceException(ErrorCode.RateLimited, $"The tenant has {limit} asynchronous predictions queued or running, its limit; wait for some to finish.")
            {
                RetryAfter = TimeSpan.FromSeconds(5),
            };
        }
    }
}
