using ModelService.Core.Errors;
using ModelService.Core.Tenancy;

namespace ModelService.LoadTest;

/// <summary>The tenant the load runs as: no rate limit and no spend cap, so the figures measure the path, not the quota.</summary>
internal static class LoadTenant
{
    public const string Id = "loadtest";

    public static async Task<string> CreateKeyAsync(TenantStore tenants, CancellationToken cancellationToken)
    {
        try
        {
            await tenants.CreateTenantAsync(Id, "Load test", requestsPerSecond: 0, monthlySpendCapMicros: null, cancellationToken);
        }
        catch (ModelServiceException exception) when (exception.Code == ErrorCode.Conflict)
        {
            // Made by an earlier run against the same storage.
        }

        return (await tenants.CreateKeyAsync(Id, ApiKeyScopes.Infer, cancellationToken)).Secret;
    }
}
