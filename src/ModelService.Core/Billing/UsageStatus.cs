namespace ModelService.Core.Billing;

public static class UsageStatus
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
