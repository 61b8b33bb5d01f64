using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Inference;

/// <summary>The statistics extension: counts and cumulative durations per model version, of this instance only.</summary>
public sealed class ModelStatisticsFunctions
{
    private readonly ModelServing _serving;

    public ModelStatisticsFunctions(ModelServing serving)
    {
        _serving = serving;
    }

    [Function("ModelsStatistics")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Reads)]
    public Task<IActionResult> All(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/stats")] HttpRequest request) =>
        StatisticsAsync(request, null, null);

    [Function("ModelStatistics")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Reads)]
    public Task<IActionResult> Model(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/stats")] HttpRequest request, string model) =>
        StatisticsAsync(request, model, null);

    [Function("ModelVersionStatistics")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Reads)]
    public Task<IActionResult> Version(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/versions/{version}/stats")] HttpRequest request, string model, string version) =>
        StatisticsAsync(request, model, version);

    private async Task<IActionResult> StatisticsAsync(HttpRequest request, string? model, string? version)
    {
        var tenantId = request.Caller().TenantId;
        string? resolvedVersion = null;
        if (model is not null)
        {
            // 404 for a model the caller may not see, exactly as metadata answers; a version or alias names one version.
            var manifest = await _serving.ResolveAsync(tenantId, model, version, request.HttpContext.RequestAborted);
            model = manifest.Name;
            resolvedVersion = version is null ? null : manifest.Version.ToString(CultureInfo.InvariantCulture);
        }

        return SnakeCaseJson.Ok(new { ModelStats = _serving.Statistics.Snapshot(tenantId, model, resolvedVersion) });
    }
}
