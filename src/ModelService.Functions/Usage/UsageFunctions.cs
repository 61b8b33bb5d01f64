using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ModelService.Core.Billing;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Usage;

/// <summary>The tenant's own usage, as JSON or CSV.</summary>
public sealed class UsageFunctions
{
    private readonly UsageReporter _reporter;
    private readonly TimeProvider _time;

    public UsageFunctions(UsageReporter reporter, TimeProvider time)
    {
        _reporter = reporter;
        _time = time;
    }

    /// <summary><c>GET /api/usage?from=2026-11-01&amp;to=2026-11-30&amp;groupBy=model|day[&amp;format=csv]</c>; days are UTC and inclusive.</summary>
    [Function("GetUsage")]
    [RequiresScope(ApiKeyScopes.Usage, RouteRate.Reads)]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/usage")] HttpRequest request)
    {
        var query = UsageQuery.Parse(request.Query, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        var report = await _reporter.BuildAsync(request.Caller().TenantId, query.From, query.To, query.GroupBy, request.HttpContext.RequestAborted);
        return query.Csv
            ? new ContentResult { Content = UsageCsv.Write(report), ContentType = "text/csv; charset=utf-8", StatusCode = StatusCodes.Status200OK }
            : JsonResults.Ok(UsageReportBody.Of(report));
    }
}
