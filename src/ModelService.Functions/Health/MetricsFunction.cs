using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ModelService.Core.Telemetry;
using ModelService.Core.Tenancy;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Health;

/// <summary><c>GET /metrics</c> (manage scope): this instance's metrics in the Prometheus text format.</summary>
public sealed class MetricsFunction
{
    private readonly PrometheusMetrics _metrics;

    public MetricsFunction(PrometheusMetrics metrics)
    {
        _metrics = metrics;
    }

    [Function("Metrics")]
    [RequiresScope(ApiKeyScopes.Manage, RouteRate.Reads)]
    public IActionResult Metrics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics")] HttpRequest request) =>
        new ContentResult { Content = _metrics.Render(), ContentType = PrometheusMetrics.ContentType, StatusCode = StatusCodes.Status200OK };
}
