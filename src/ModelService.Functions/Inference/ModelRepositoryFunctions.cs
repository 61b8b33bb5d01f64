using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Inference;

/// <summary>The model repository extension (manage scope): index, and load or unload on this instance's warm cache.</summary>
public sealed class ModelRepositoryFunctions
{
    private const long MaxBodyBytes = 64 * 1024;
    private readonly ModelRepository _repository;
    private readonly RequestAuthenticator _authenticator;
    private readonly ILogger<ModelRepositoryFunctions> _logger;

    public ModelRepositoryFunctions(ModelRepository repository, RequestAuthenticator authenticator, ILogger<ModelRepositoryFunctions> logger)
    {
        _repository = repository;
        _authenticator = authenticator;
        _logger = logger;
    }

    [Function("RepositoryIndex")]
    public Task<IActionResult> Index(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/repository/index")] HttpRequest request) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Manage, cancellationToken);
            var readyOnly = ReadyOnly(await RequestBodyReader.ReadAsync(request, MaxBodyBytes, cancellationToken));
            return SnakeCaseJson.Ok(await _repository.IndexAsync(caller.TenantId, readyOnly, cancellationToken));
        });

    [Function("RepositoryLoad")]
    public Task<IActionResult> Load(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/repository/models/{model}/load")] HttpRequest request, string model) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Manage, cancellationToken);
            var manifest = await _repository.LoadAsync(caller.TenantId, model, cancellationToken);
            _logger.LogInformation("Loaded {Model} version {Version} on request of {Tenant}", manifest.Name, manifest.Version, caller.TenantId);
            return new OkObjectResult(new { });
        });

    [Function("RepositoryUnload")]
    public Task<IActionResult> Unload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/repository/models/{model}/unload")] HttpRequest request, string model) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Manage, cancellationToken);
            var evicted = await _repository.UnloadAsync(caller.TenantId, model, cancellationToken);
            _logger.LogInformation("Unloaded {Model} ({Evicted} warm versions) on request of {Tenant}", model, evicted, caller.TenantId);
            return new OkObjectResult(new { });
        });

    /// <summary>The index body is optional; <c>{"ready": true}</c> lists only the models warm here.</summary>
    private static bool ReadyOnly(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("ready", out var ready)
                && ready.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "The index request body must be a JSON object such as {\"ready\": true}.");
        }
    }
}
