using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Inference;

/// <summary>The model configuration extension: a Triton-shaped config of a version the caller may see.</summary>
public sealed class ModelConfigFunctions
{
    private readonly ModelServing _serving;
    private readonly RequestAuthenticator _authenticator;
    private readonly ILogger<ModelConfigFunctions> _logger;

    public ModelConfigFunctions(ModelServing serving, RequestAuthenticator authenticator, ILogger<ModelConfigFunctions> logger)
    {
        _serving = serving;
        _authenticator = authenticator;
        _logger = logger;
    }

    [Function("ModelConfig")]
    public Task<IActionResult> Config(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/config")] HttpRequest request, string model) =>
        ConfigAsync(request, model, null);

    [Function("ModelVersionConfig")]
    public Task<IActionResult> VersionConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/models/{model}/versions/{version}/config")] HttpRequest request, string model, string version) =>
        ConfigAsync(request, model, version);

    private Task<IActionResult> ConfigAsync(HttpRequest request, string model, string? version) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Infer, cancellationToken);
            var manifest = await _serving.ResolveAsync(caller.TenantId, model, version, cancellationToken);
            return SnakeCaseJson.Ok(ModelConfigurations.From(manifest));
        });
}
