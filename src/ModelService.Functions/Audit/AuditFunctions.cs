using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ModelService.Core.Audit;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;
using ModelService.Functions.Contracts;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Audit;

/// <summary><c>GET /api/audit?limit=N</c>: the audit trail of the caller's own tenant, newest first (manage scope).</summary>
public sealed class AuditFunctions
{
    private const int DefaultLimit = 100;

    private readonly AuditLog _audit;

    public AuditFunctions(AuditLog audit)
    {
        _audit = audit;
    }

    [Function("ListAudit")]
    [RequiresScope(ApiKeyScopes.Manage, RouteRate.Reads)]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit")] HttpRequest request)
    {
        var entries = await _audit.ListAsync(request.Caller().TenantId, LimitOf(request.Query["limit"]), request.HttpContext.RequestAborted);
        return JsonResults.Ok(new AuditListResponse(entries));
    }

    private static int LimitOf(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return DefaultLimit;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= AuditLog.MaxListed
            ? limit
            : throw new ModelServiceException(ErrorCode.InvalidRequest, $"limit must be a whole number from 1 to {AuditLog.MaxListed}.");
    }
}
