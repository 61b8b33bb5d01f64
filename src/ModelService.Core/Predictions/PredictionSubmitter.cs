using Microsoft.Extensions.Options;
using ModelService.Core.Quotas;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Core.Webhooks;

namespace ModelService.Core.Predictions;

/// <summary>
/// Accepts an asynchronous inference request: admitted like a sync call (rate, spend cap), the model resolved
/// now so an unknown or hidden model is a 404 at once, the webhook checked, then recorded and queued.
/// </summary>
public sealed class PredictionSubmitter
{
    private readonly PredictionStore _store;
    private readonly QuotaGuard _quotas;
    private readonly ModelServing _serving;
    private readonly PredictionOptions _options;
    private readonly TimeProvider _time;

    public PredictionSubmitter(PredictionStore store, QuotaGuard quotas, ModelServing serving, IOptions<PredictionOptions> options, TimeProvider time)
    {
        _store = store;
        _quotas = quotas;
        _serving = serving;
        _options = options.Value;
        _time = time;
    }

    public async Task<PredictionRecord> SubmitAsync(Caller caller, string model, string? version, ReadOnlyMemory<byte> requestJson, string? webhookUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await _quotas.AdmitAsync(caller, cancellationToken);
        await _serving.ResolveAsync(caller.TenantId, model, version, cancellationToken);
        var webhook = webhookUrl is null ? null : WebhookTargets.Validate(webhookUrl, _options.AllowPrivateWebhookTargets);
        PredictionRequestCheck.EnsureJsonObject(requestJson);
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
}
