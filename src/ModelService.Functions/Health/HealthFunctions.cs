using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Health;

/// <summary>
/// Open Inference Protocol v2 server health (no key: load balancers and probes must reach it) and server metadata
/// (a key with any scope, like every route but health).
/// </summary>
public sealed class HealthFunctions
{
    private static readonly string ServerVersion =
        typeof(HealthFunctions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly ModelServing _serving;
    private readonly RequestAuthenticator _authenticator;
    private readonly ILogger<HealthFunctions> _logger;

    public HealthFunctions(ModelServing serving, RequestAuthenticator authenticator, ILogger<HealthFunctions> logger)
    {
        _serving = serving;
        _authenticator = authenticator;
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
    public Task<IActionResult> Metadata([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2")] HttpRequest request) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            await _authenticator.AuthenticateAsync(request, ApiKeyScopes.None, cancellationToken);
            return new OkObjectResult(new { name = "modelsvc", version = ServerVersion, extensions = ServerExtensions.Names });
        });
}
