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
        ArgumentNullException.ThrowIfNull(usage);
        Require(CallIdPattern().IsMatch(usage.CallId), "callId must be 1 to 128 letters, digits, '-' or '_'");
        Require(TenantIds.IsValid(usage.TenantId), "tenantId is not a tenant id");
        Require(ModelNames.IsValidName(usage.Model) || usage.Model == UsageEventFactory.InvalidModelName, "model is not a model name");
        Require(usage.Status is UsageStatus.Succeeded or UsageStatus.Failed, "status must be succeeded or failed");
        Require(usage.Items >= 0 && (usage.Evaluations ?? 0) >= 0 && usage.ComputeMicros >= 0 && usage.AmountMicros >= 0, "items, evaluations, computeMicros and amountMicros must not be negative");
        Require(usage.Status == UsageStatus.Succeeded || usage.AmountMicros == 0, "a failed call is recorded at 0");
        Require(usage.OccurredAt.Year is > 2000 and < 3000, "occurredAt is missing");
    }

    private static void Require(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidDataException($"Usage event refused: {rule}.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex CallIdPattern();
}
