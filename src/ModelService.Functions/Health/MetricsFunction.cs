using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Telemetry;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Health;

/// <summary><c>GET /metrics</c> (manage scope): this instance's metrics in the Prometheus text format.</summary>
public sealed class MetricsFunction
{
    private readonly PrometheusMetrics _metrics;
    private readonly RequestAuthenticator _authenticator;
    private readonly ILogger<MetricsFunction> _logger;

    public MetricsFunction(PrometheusMetrics metrics, RequestAuthenticator authenticator, ILogger<MetricsFunction> logger)
    {
        _metrics = metrics;
        _authenticator = authenticator;
        _logger = logger;
    }

    [Function("Metrics")]
    public Task<IActionResult> Metrics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics")] HttpRequest request) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Manage, cancellationToken);
            return new ContentResult { Content = _metrics.Render(), ContentType = PrometheusMetrics.ContentType, StatusCode = StatusCodes.Status200OK };
        });
}
