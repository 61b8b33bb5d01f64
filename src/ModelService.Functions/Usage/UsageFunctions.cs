using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Billing;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Usage;

/// <summary>The tenant's own usage, as JSON or CSV.</summary>
public sealed class UsageFunctions
{
    private readonly UsageReporter _reporter;
    private readonly RequestAuthenticator _authenticator;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageFunctions> _logger;

    public UsageFunctions(UsageReporter reporter, RequestAuthenticator authenticator, TimeProvider time, ILogger<UsageFunctions> logger)
    {
        _reporter = reporter;
        _authenticator = authenticator;
        _time = time;
        _logger = logger;
    }

    /// <summary><c>GET /api/usage?from=2026-11-01&amp;to=2026-11-30&amp;groupBy=model|day[&amp;format=csv]</c>; days are UTC and inclusive.</summary>
    [Function("GetUsage")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/usage")] HttpRequest request) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Usage, cancellationToken);
            var query = UsageQuery.Parse(request.Query, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
            var report = await _reporter.BuildAsync(caller.TenantId, query.From, query.To, query.GroupBy, cancellationToken);
            return query.Csv
                ? new ContentResult { Content = UsageCsv.Write(report), ContentType = "text/csv; charset=utf-8", StatusCode = StatusCodes.Status200OK }
                : JsonResults.Ok(UsageReportBody.Of(report));
        });
}
