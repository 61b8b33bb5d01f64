using System.Text.RegularExpressions;
using ModelService.Core.Registry;
using ModelService.Core.Tenancy;

namespace ModelService.Core.Billing;

/// <summary>
/// Checks an event before it touches the ledger. Events come off a queue that other code can write to; one that
/// is not sound is refused (and ends in the poison queue) rather than recorded wrongly.
/// </summary>
internal static partial class UsageEventValidator
{
    public static void EnsureValid(UsageEvent usage)
    {
        if (Check(usage) is { } rule)
        {
            throw new InvalidDataException($"Usage event refused: {rule}.");
        }
    }

    /// <summary>The first rule the event breaks, or null when it is sound.</summary>
    public static string? Check(UsageEvent? usage) => usage switch
    {
        null => "the event is null",
        _ when usage.CallId is null || !CallIdPattern().IsMatch(usage.CallId) => "callId must be 1 to 128 letters, digits, '-' or '_'",
        _ when !TenantIds.IsValid(usage.TenantId) => "tenantId is not a tenant id",
        _ when !(ModelNames.IsValidName(usage.Model) || usage.Model == UsageEventFactory.InvalidModelName) => "model is not a model name",
        _ when usage.Status is not (UsageStatus.Succeeded or UsageStatus.Failed) => "status must be succeeded or failed",
        _ when usage.Items < 0 || (usage.Evaluations ?? 0) < 0 || usage.ComputeMicros < 0 || usage.AmountMicros < 0 => "items, evaluations, computeMicros and amountMicros must not be negative",
        _ when (usage.EnergyNanoWattHours ?? 0) < 0 || (usage.Co2eNanograms ?? 0) < 0 => "energyNanoWattHours and co2eNanograms must not be negative",
        _ when usage.Status != UsageStatus.Succeeded && usage.AmountMicros != 0 => "a failed call is recorded at 0",
        _ when usage.OccurredAt.Year is <= 2000 or >= 3000 => "occurredAt is missing",
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex CallIdPattern();
}
