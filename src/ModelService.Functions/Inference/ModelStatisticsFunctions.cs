using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Inference;

/// <summary>The statistics extension: counts and cumulative durations per model version, of this instance only.</summary>
public sealed class ModelStatisticsFunctions
{
    private readonly ModelServing _serving;
    private readonly RequestAuthenticator _authenticator;
    private readonly ILogger<ModelStatisticsFunctions> _logger;

    public ModelStatisticsFunctions(ModelServing serving, RequestAuthenticator authenticator, ILogger<ModelStatisticsFunctions> logger)
    {
        _serving = serving;
        _authenticator = authenticator;
        _logger = logger;
    }

    [Function("ModelsStatistics")]
    public Task<IActionResult> All(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/stats")] HttpRequest request) =>
        StatisticsAsync(request, null, null);

    [Function("ModelStatistics")]
    public Task<IActionResult> Model(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/stats")] HttpRequest request, string model) =>
        StatisticsAsync(request, model, null);

    [Function("ModelVersionStatistics")]
    public Task<IActionResult> Version(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/versions/{version}/stats")] HttpRequest request, string model, string version) =>
        StatisticsAsync(request, model, version);

    private Task<IActionResult> StatisticsAsync(HttpRequest request, string? model, string? version) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Infer, cancellationToken);
            string? resolvedVersion = null;
            if (model is not null)
            {
                // 404 for a model the caller may not see, exactly as metadata answers; a version or alias names one version.
                var manifest = await _serving.ResolveAsync(caller.TenantId, model, version, cancellationToken);
                model = manifest.Name;
                resolvedVersion = version is null ? null : manifest.Version.ToString(CultureInfo.InvariantCulture);
            }

            return SnakeCaseJson.Ok(new { ModelStats = _serving.Statistics.Snapshot(caller.TenantId, model, resolvedVersion) });
        });
}
