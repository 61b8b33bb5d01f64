using System.Diagnostics;
using System.Globalization;
using ModelService.Core.Billing;
using ModelService.Core.Errors;
using ModelService.Core.Inference;
using ModelService.Core.Quotas;
using ModelService.Core.Registry;
using ModelService.Core.Telemetry;
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

    public Task<MeteredCall> InferAsync(Caller caller, MeteredCallContext call, string model, string? version, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken) =>
        InferAsync(caller, call, model, version, InferenceRequestBody.FromJson(requestJson), cancellationToken);

    public async Task<MeteredCall> InferAsync(Caller caller, MeteredCallContext call, string model, string? version, InferenceRequestBody body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(call);
        await (call.Kind == UsageKinds.Async ? _quotas.AdmitQueuedAsync(caller, cancellationToken) : _quotas.AdmitAsync(caller, cancellationToken));
        return await RunAsync(caller, call, model, version, body, cancellationToken);
    }

    private async Task<MeteredCall> RunAsync(Caller caller, MeteredCallContext call, string model, string? version, InferenceRequestBody body, CancellationToken cancellationToken)
    {
        ModelManifest? manifest = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            manifest = await _serving.ResolveAsync(caller.TenantId, model, version, cancellationToken);
            var result = await _serving.InferAsync(manifest, body, cancellationToken);
            Measure(manifest.Name, manifest.Version, "ok", started);
            return MeteredCall.Success(result, Bill(() => _usage.Succeeded(call, manifest, result)));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var code = exception is ModelServiceException known ? known.Code.ToString() : "Internal";
            Measure(manifest?.Name ?? model, manifest?.Version, code, started);
            ModelServiceTelemetry.Errors.Add(1, new KeyValuePair<string, object?>("model", manifest?.Name ?? model), new KeyValuePair<string, object?>("code", code));
            return MeteredCall.Fail(exception, Bill(() => _usage.Failed(call, manifest?.Name ?? model, manifest?.Version, exception)));
        }
    }

    private static UsageEvent Bill(Func<UsageEvent> price)
    {
        using var activity = ModelServiceTelemetry.Source.StartActivity("bill");
        return price();
    }

    private static void Measure(string model, int? version, string outcome, long started)
    {
        var tags = ModelServiceTelemetry.ModelTags(model, version?.ToString(CultureInfo.InvariantCulture));
        tags.Add("outcome", outcome);
        ModelServiceTelemetry.Requests.Add(1, tags);
        ModelServiceTelemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }
}
