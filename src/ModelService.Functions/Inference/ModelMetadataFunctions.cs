using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Contracts;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Inference;

/// <summary>Open Inference Protocol v2 model metadata and model readiness, and model cards, for the models the caller may see.</summary>
public sealed class ModelMetadataFunctions
{
    private readonly ModelServing _serving;

    public ModelMetadataFunctions(ModelServing serving)
    {
        _serving = serving;
    }

    [Function("ModelMetadata")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Reads)]
    public Task<IActionResult> Metadata(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}")] HttpRequest request, string model) =>
        MetadataAsync(request, model, null);

    [Function("ModelVersionMetadata")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Reads)]
    public Task<IActionResult> VersionMetadata(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/versions/{version}")] HttpRequest request, string model, string version) =>
        MetadataAsync(request, model, version);

    /// <summary>A version's model card; a private model of another tenant is 404, as its metadata is.</summary>
    [Function("ModelVersionCard")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Reads)]
    public async Task<IActionResult> Card(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/models/{model}/versions/{version}/card")] HttpRequest request, string model, string version)
    {
        var manifest = await _serving.ResolveAsync(request.Caller().TenantId, model, version, request.HttpContext.RequestAborted);
        return JsonResults.Ok(ModelCardResponse.From(manifest));
    }

    /// <summary>Loads the model when cold (and may evict others), so it spends the caller's call rate, not the read rate.</summary>
    [Function("ModelReady")]
    [RequiresScope(ApiKeyScopes.Infer)]
    public Task<IActionResult> Ready(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/ready")] HttpRequest request, string model) =>
        ReadyAsync(request, model, null);

    [Function("ModelVersionReady")]
    [RequiresScope(ApiKeyScopes.Infer)]
    public Task<IActionResult> VersionReady(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/versions/{version}/ready")] HttpRequest request, string model, string version) =>
        ReadyAsync(request, model, version);

    private async Task<IActionResult> MetadataAsync(HttpRequest request, string model, string? version)
    {
        var metadata = await _serving.GetMetadataAsync(request.Caller().TenantId, model, version, request.HttpContext.RequestAborted);
        return JsonResults.Ok(ModelMetadataResponse.From(metadata));
    }

    private async Task<IActionResult> ReadyAsync(HttpRequest request, string model, string? version)
    {
        var manifest = await _serving.MakeReadyAsync(request.Caller().TenantId, model, version, request.HttpContext.RequestAborted);
        return JsonResults.Ok(new ModelReadyResponse(manifest.Name, manifest.Version.ToString(CultureInfo.InvariantCulture), Ready: true));
    }
}
