using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Audit;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Audit;

/// <summary><c>GET /api/audit?limit=N</c>: the audit trail of the caller's own tenant, newest first (manage scope).</summary>
public sealed class AuditFunctions
{
    private const int DefaultLimit = 100;

    private readonly AuditLog _audit;
    private readonly RequestAuthenticator _authenticator;
    private readonly ILogger<AuditFunctions> _logger;

    public AuditFunctions(AuditLog audit, RequestAuthenticator authenticator, ILogger<AuditFunctions> logger)
    {
        _audit = audit;
        _authenticator = authenticator;
        _logger = logger;
    }

    [Function("ListAudit")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit")] HttpRequest request) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Manage, cancellationToken);
            var entries = await _audit.ListAsync(caller.TenantId, LimitOf(request.Query["limit"]), cancellationToken);
            return new OkObjectResult(new AuditListBody(entries));
        });

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
