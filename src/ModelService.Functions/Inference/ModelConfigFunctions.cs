using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Inference;

/// <summary>The model configuration extension: a Triton-shaped config of a version the caller may see.</summary>
public sealed class ModelConfigFunctions
{
    private readonly ModelServing _serving;

    public ModelConfigFunctions(ModelServing serving)
    {
        _serving = serving;
    }

    [Function("ModelConfig")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Reads)]
    public Task<IActionResult> Config(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/config")] HttpRequest request, string model) =>
        ConfigAsync(request, model, null);

    [Function("ModelVersionConfig")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Reads)]
    public Task<IActionResult> VersionConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/versions/{version}/config")] HttpRequest request, string model, string version) =>
        ConfigAsync(request, model, version);

    private async Task<IActionResult> ConfigAsync(HttpRequest request, string model, string? version)
    {
        var manifest = await _serving.ResolveAsync(request.Caller().TenantId, model, version, request.HttpContext.RequestAborted);
        return SnakeCaseJson.Ok(ModelConfigurations.From(manifest));
    }
}
