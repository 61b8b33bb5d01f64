using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Contracts;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

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

    public HealthFunctions(ModelServing serving)
    {
        _serving = serving;
    }

    [Function("ServerLive")]
    [PublicRoute]
    public IActionResult Live([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/health/live")] HttpRequest request) =>
        JsonResults.Ok(new ServerLiveResponse(Live: true));

    [Function("ServerReady")]
    [PublicRoute]
    public async Task<IActionResult> Ready([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/health/ready")] HttpRequest request) =>
        await _serving.IsServiceReadyAsync(request.HttpContext.RequestAborted)
            ? JsonResults.Ok(new ServerReadyResponse(Ready: true))
            : JsonResults.Create(new ServerReadyResponse(Ready: false), StatusCodes.Status503ServiceUnavailable);

    [Function("ServerMetadata")]
    [RequiresScope(ApiKeyScopes.None, RouteRate.Reads)]
    public IActionResult Metadata([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2")] HttpRequest request) =>
        JsonResults.Ok(new ServerMetadataResponse("modelsvc", ServerVersion, ServerExtensions.Names));
}
