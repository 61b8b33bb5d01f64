using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Contracts;
using ModelService.Functions.Http;

namespace ModelService.Functions.Inference;

/// <summary>Open Inference Protocol v2 model metadata and model readiness, for the models the caller may see.</summary>
public sealed class ModelMetadataFunctions
{
    private readonly ModelServing _serving;
    private readonly RequestAuthenticator _authenticator;
    private readonly ILogger<ModelMetadataFunctions> _logger;

    public ModelMetadataFunctions(ModelServing serving, RequestAuthenticator authenticator, ILogger<ModelMetadataFunctions> logger)
    {
        _serving = serving;
        _authenticator = authenticator;
        _logger = logger;
    }

    [Function("ModelMetadata")]
    public Task<IActionResult> Metadata(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}")] HttpRequest request, string model) =>
        MetadataAsync(request, model, null);

    [Function("ModelVersionMetadata")]
    public Task<IActionResult> VersionMetadata(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/versions/{version}")] HttpRequest request, string model, string version) =>
        MetadataAsync(request, model, version);

    [Function("ModelReady")]
    public Task<IActionResult> Ready(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/ready")] HttpRequest request, string model) =>
        ReadyAsync(request, model, null);

    [Function("ModelVersionReady")]
    public Task<IActionResult> VersionReady(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/versions/{version}/ready")] HttpRequest request, string model, string version) =>
        ReadyAsync(request, model, version);

    private Task<IActionResult> MetadataAsync(HttpRequest request, string model, string? version) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Infer, cancellationToken);
            return JsonResults.Ok(ModelMetadataResponse.From(await _serving.GetMetadataAsync(caller.TenantId, model, version, cancellationToken)));
        });

    private Task<IActionResult> ReadyAsync(HttpRequest request, string model, string? version) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Infer, cancellationToken);
            var manifest = await _serving.MakeReadyAsync(caller.TenantId, model, version, cancellationToken);
            return JsonResults.Ok(new ModelReadyResponse(manifest.Name, manifest.Version.ToString(CultureInfo.InvariantCulture), Ready: true));
        });
}
