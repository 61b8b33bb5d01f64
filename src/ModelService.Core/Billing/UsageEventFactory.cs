using ModelService.Core.Energy;
using ModelService.Core.Errors;
using ModelService.Core.Inference;
using ModelService.Core.Registry;

namespace ModelService.Core.Billing;

/// <summary>Makes the one usage event of a call, succeeded or failed.</summary>
public sealed class UsageEventFactory
{
    private readonly UsagePricer _pricer;
    private readonly EnergyModel _energy;
    private readonly TimeProvider _time;

    public UsageEventFactory(UsagePricer pricer, EnergyModel energy, TimeProvider time)
    {
        _pricer = pricer;
        _energy = energy;
        _time = time;
    }

    /// <summary>What a failed call against a name the registry could never hold is recorded under.</summary>
    public const string InvalidModelName = "_invalid";

    public static string NewCallId() => Guid.NewGuid().ToString("N");

    public UsageEvent Succeeded(MeteredCallContext call, ModelManifest manifest, InferenceResult result)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(result);
        var computeMicros = (long)result.ComputeTime.TotalMicroseconds;
        var footprint = _energy.ForInference(computeMicros);
        return new UsageEvent
        {
            CallId = call.CallId,
            TenantId = call.TenantId,
            KeyId = call.KeyId,
            Model = manifest.Name,
            Version = manifest.Version,
            Kind = call.Kind,
            Items = result.BatchSize,
            Evaluations = result.Evaluations,
            ComputeMicros = computeMicros,
            EnergyNanoWattHours = footprint.EnergyNanoWattHours,
            Co2eNanograms = footprint.Co2eNanograms,
            Status = UsageStatus.Succeeded,
            AmountMicros = _pricer.AmountMicros(manifest, checked(result.BatchSize + (result.Evaluations ?? 0))),
            OccurredAt = _time.GetUtcNow(),
        };
    }

    public UsageEvent Failed(MeteredCallContext call, string model, int? version, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new UsageEvent
        {
            CallId = call.CallId,
            TenantId = call.TenantId,
            KeyId = call.KeyId,
            Model = ModelNames.IsValidName(model) ? model : InvalidModelName,
            Version = version,
            Kind = call.Kind,
            Items = 0,
            ComputeMicros = 0,
            EnergyNanoWattHours = 0,
            Co2eNanograms = 0,
            Status = UsageStatus.Failed,
            Error = failure is ModelServiceException known ? known.Code.ToString() : "InternalError",
            AmountMicros = 0,
            OccurredAt = _time.GetUtcNow(),
        };
    }
}
