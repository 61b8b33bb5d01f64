using ModelService.Core.Billing;
using ModelService.Core.Quotas;
using ModelService.Core.Registry;
using ModelService.Core.Tenancy;

namespace ModelService.Core.Serving;

/// <summary>
/// A tenant's inference call with its quotas and its bill: admitted (or refused with 429/402, which is not a
/// call), then resolved, access-checked and run. Every admitted call yields exactly one usage event, at its price
/// when it succeeds and at 0 when it fails; the caller hands the event to an <see cref="IUsageSink"/>.
/// </summary>
public sealed class MeteredInference
{
    private readonly ModelServing _serving;
    private readonly QuotaGuard _quotas;
    private readonly UsageEventFactory _usage;

    public MeteredInference(ModelServing serving, QuotaGuard quotas, UsageEventFactory usage)
    {
        _serving = serving;
        _quotas = quotas;
        _usage = usage;
    }

    public async Task<MeteredCall> InferAsync(Caller caller, MeteredCallContext call, string model, string? version, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(call);
        await (call.Kind == UsageKinds.Async ? _quotas.AdmitQueuedAsync(caller, cancellationToken) : _quotas.AdmitAsync(caller, cancellationToken));
        return await RunAsync(caller, call, model, version, requestJson, cancellationToken);
    }

    private async Task<MeteredCall> RunAsync(Caller caller, MeteredCallContext call, string model, string? version, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken)
    {
        ModelManifest? manifest = null;
        try
        {
            manifest = await _serving.ResolveAsync(caller.TenantId, model, version, cancellationToken);
            var result = await _serving.InferAsync(manifest, requestJson, cancellationToken);
            return MeteredCall.Success(result, _usage.Succeeded(call, manifest, result));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return MeteredCall.Fail(exception, _usage.Failed(call, manifest?.Name ?? model, manifest?.Version, exception));
        }
    }
}
