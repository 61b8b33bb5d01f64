using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Serving;
using ModelService.Functions.Http;

namespace ModelService.Functions.Health;

/// <summary>Open Inference Protocol v2 server health and metadata. No key needed: probes must reach them.</summary>
public sealed class HealthFunctions
{
    private static readonly string ServerVersion =
        typeof(HealthFunctions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly ModelServing _serving;
    private readonly ILogger<HealthFunctions> _logger;

    public HealthFunctions(ModelServing serving, ILogger<HealthFunctions> logger)
    {
        _serving = serving;
        _logger = logger;
    }

    [Function("ServerLive")]
    public IActionResult Live([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/health/live")] HttpRequest request) =>
        new OkObjectResult(new { live = true });

    [Function("ServerReady")]
    public Task<IActionResult> Ready([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/health/ready")] HttpRequest request) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
            await _serving.IsServiceReadyAsync(cancellationToken)
                ? new OkObjectResult(new { ready = true })
                : new ObjectResult(new { ready = false }) { StatusCode = StatusCodes.Status503ServiceUnavailable });

    [Function("ServerMetadata")]
    public IActionResult Metadata([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2")] HttpRequest request) =>
        new OkObjectResult(new { name = "modelsvc", version = ServerVersion, extensions = Array.Empty<string>() });
}
