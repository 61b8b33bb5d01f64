using ModelService.Core.Inference;
using Microsoft.Extensions.Logging;
using ModelService.Core.Billing;
using ModelService.Core.Errors;
using ModelService.Core.Serving;
using ModelService.Core.Storage;
using ModelService.Core.Tenancy;
using ModelService.Core.Webhooks;

namespace ModelService.Core.Predictions;

/// <summary>
/// Runs one queued prediction: record it running, run it metered (billed like a sync call, with the prediction id
/// as call id so a redelivery bills once), keep the result, record the outcome, queue the webhook's notification. A failure of
/// the request or the model ends the prediction as failed with its reason; only storage failures throw, so the
/// queue retries them.
/// </summary>
public sealed class PredictionRunner
{
    /// <summary>The webhook status while its notification waits on webhook-deliveries.</summary>
    public const string QueuedWebhook = "queued";

    private readonly PredictionStore _store;
    private readonly MeteredInference _inference;
    private readonly IUsageSink _usage;
    private readonly TenantStore _tenants;
    private readonly WebhookDeliverer _webhooks;
    private readonly WebhookTargets _targets;
    private readonly TimeProvider _time;
    private readonly ILogger<PredictionRunner> _logger;

    public PredictionRunner(PredictionStore store, MeteredInference inference, IUsageSink usage, TenantStore tenants, WebhookDeliverer webhooks, WebhookTargets targets, TimeProvider time, ILogger<PredictionRunner> logger)
    {
        _store = store;
        _inference = inference;
        _usage = usage;
        _tenants = tenants;
        _webhooks = webhooks;
        _targets = targets;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Returns the finished record. Its usage event is kept in the record before it is sent, so a send that fails
    /// is sent again by the redelivery (or by <see cref="FailAsync"/> once the message is poisoned).
    /// </summary>
    public async Task<PredictionRecord> RunAsync(PredictionMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.RequestBlob is { } blob && !StorageNames.IsUnderTenant(blob, message.TenantId))
        {
            // Refused before any blob is read: a name like 'acme/../other/…' would be normalised into another tenant's folder.
            _logger.LogWarning("Prediction {PredictionId} of {Tenant} names a request blob outside its tenant; refused", message.Id, message.TenantId);
            return await FailAsync(message.TenantId, message.Id, message.Model, RequestBlobRefusal(message.TenantId), cancellationToken);
        }

        var record = await _store.FindAsync(message.TenantId, message.Id, cancellationToken) ?? await NewRecordAsync(message, cancellationToken);
        if (PredictionStatus.IsFinal(record.Status))
        {
            _logger.LogInformation("Prediction {PredictionId} was already {Status}; its usage event is sent again", record.Id, record.Status);
            if (record.WebhookStatus == QueuedWebhook)
            {
                // The last run may have stopped between recording and queueing: at least once, under the same webhook-id.
                await _webhooks.QueueAsync(record, cancellationToken);
            }

            await SendUsageAsync(record, cancellationToken);
            return record;
        }

        record = await _store.SaveAsync(record with { Status = PredictionStatus.Running, Attempts = record.Attempts + 1 }, cancellationToken);
        record = await ExecuteAsync(record, message, cancellationToken);
        record = await FinishAsync(record, cancellationToken);
        await SendUsageAsync(record, cancellationToken);
        return record;
    }

    /// <summary>
    /// Ends a prediction whose message could not be processed at all (the poison queue's last word). A message
    /// enqueued directly may have no record yet: one is made, so whoever polls for the id learns why.
    /// </summary>
    public async Task<PredictionRecord> FailAsync(string tenantId, string id, string? model, string reason, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var record = await _store.FindAsync(tenantId, id, cancellationToken) ?? new PredictionRecord
        {
            Id = id,
            TenantId = tenantId,
            Model = model ?? string.Empty,
            Status = PredictionStatus.Queued,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!PredictionStatus.IsFinal(record.Status))
        {
            return await FinishAsync(record with { Status = PredictionStatus.Failed, Reason = reason }, cancellationToken);
        }

        // Finished, but its message kept failing after that (its usage send, say): the event is not dropped with it.
        await SendUsageAsync(record, cancellationToken);
        return record;
    }

    private static string RequestBlobRefusal(string tenantId) =>
        $"The message's requestBlob must be a blob name of its tenant ('{tenantId}/…', letters, digits, '.', '_', '-', no '..').";

    /// <summary>The ledger counts the call id once, so sending again after a redelivery bills nothing twice.</summary>
    private Task SendUsageAsync(PredictionRecord record, CancellationToken cancellationToken) =>
        record.UsageEventJson is { } json ? _usage.SendAsync(UsageEventJson.Parse(json), cancellationToken) : Task.CompletedTask;

    private async Task<PredictionRecord> ExecuteAsync(PredictionRecord record, PredictionMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var tenant = await _tenants.FindTenantAsync(record.TenantId, cancellationToken)
                ?? throw new ModelServiceException(ErrorCode.InvalidRequest, $"Tenant '{record.TenantId}' does not exist.");
            var caller = new Caller(tenant.Id, "queue", ApiKeyScopes.Infer) { Limits = TenantLimits.Of(tenant) };
            var request = await _store.ReadRequestAsync(message, cancellationToken);
            var call = new MeteredCallContext(record.Id, record.TenantId, UsageKinds.Async, record.KeyId);
            var outcome = await _inference.InferAsync(caller, call, record.Model, record.Version, InferenceRequestBody.FromJson(request) with { AllowBinaryOutput = false }, cancellationToken);
            record = record with { UsageEventJson = UsageEventJson.Serialize(outcome.Usage), ResolvedVersion = outcome.Usage.Version };
            var result = outcome.GetResultOrThrow();
            using (result)
            {
                await _store.WriteResultAsync(record, result.Response.ToArray(), cancellationToken);
            }

            return record with { Status = PredictionStatus.Succeeded, Reason = null };
        }
        catch (ModelServiceException exception)
        {
            return record with { Status = PredictionStatus.Failed, Reason = exception.Message };
        }
    }

    /// <summary>
    /// Records the outcome and, with a webhook, queues its notification: the queue function never waits on a
    /// receiver. The record says "queued" before the message exists, so the deliverer's word is always the last.
    /// </summary>
    private async Task<PredictionRecord> FinishAsync(PredictionRecord record, CancellationToken cancellationToken)
    {
        var notify = record.WebhookUrl is not null && record.WebhookSecret is not null;
        record = await _store.SaveAsync(notify ? record with { WebhookStatus = QueuedWebhook } : record, cancellationToken);
        if (notify)
        {
            await _webhooks.QueueAsync(record, cancellationToken);
        }

        return record;
    }

    private async Task<PredictionRecord> NewRecordAsync(PredictionMessage message, CancellationToken cancellationToken)
    {
        // Enqueued directly by another service: the record starts here. A webhook named in the message is checked
        // as one submitted over HTTP would be; a bad one is dropped (and said so) rather than called.
        var now = _time.GetUtcNow();
        string? webhook = null;
        string? webhookStatus = null;
        if (message.WebhookUrl is { } url)
        {
            try
            {
                webhook = (await _targets.ValidateAsync(url, cancellationToken)).ToString();
                webhookStatus = message.WebhookSecret is null ? "refused: a webhook enqueued directly needs its webhookSecret" : null;
            }
            catch (ModelServiceException exception)
            {
                webhookStatus = $"refused: {exception.Message}";
            }
        }

        var secret = webhookStatus is null ? message.WebhookSecret : null;

        return new PredictionRecord
        {
            Id = message.Id,
            TenantId = message.TenantId,
            Model = message.Model,
            Version = message.Version,
            Status = PredictionStatus.Queued,
            WebhookUrl = secret is null ? null : webhook,
            WebhookSecret = secret,
            WebhookStatus = webhookStatus,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
