using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Inference;

/// <summary>The model repository extension (manage scope): index, and load or unload on this instance's warm cache.</summary>
public sealed class ModelRepositoryFunctions
{
    private readonly ModelRepository _repository;
    private readonly ILogger<ModelRepositoryFunctions> _logger;

    public ModelRepositoryFunctions(ModelRepository repository, ILogger<ModelRepositoryFunctions> logger)
    {
        _repository = repository;
        _logger = logger;
    }

    [Function("RepositoryIndex")]
    [RequiresScope(ApiKeyScopes.Manage, RouteRate.Reads)]
    public async Task<IActionResult> Index(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/repository/index")] HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var readyOnly = ReadyOnly(await RequestBodyReader.ReadAsync(request, cancellationToken));
        return SnakeCaseJson.Ok(await _repository.IndexAsync(request.Caller().TenantId, readyOnly, cancellationToken));
    }

    [Function("RepositoryLoad")]
    [RequiresScope(ApiKeyScopes.Manage, RouteRate.Calls)]
    public async Task<IActionResult> Load(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/repository/models/{model}/load")] HttpRequest request, string model)
    {
        var caller = request.Caller();
        var manifest = await _repository.LoadAsync(caller.TenantId, model, request.HttpContext.RequestAborted);
        _logger.LogInformation("Loaded {Model} version {Version} on request of {Tenant}", manifest.Name, manifest.Version, caller.TenantId);
        return new OkObjectResult(new { });
    }

    [Function("RepositoryUnload")]
    [RequiresScope(ApiKeyScopes.Manage, RouteRate.Calls)]
    public async Task<IActionResult> Unload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/repository/models/{model}/unload")] HttpRequest request, string model)
    {
        var caller = request.Caller();
        var evicted = await _repository.UnloadAsync(caller.TenantId, model, request.HttpContext.RequestAborted);
        _logger.LogInformation("Unloaded {Model} ({Evicted} warm versions) on request of {Tenant}", model, evicted, caller.TenantId);
        return new OkObjectResult(new { });
    }

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
