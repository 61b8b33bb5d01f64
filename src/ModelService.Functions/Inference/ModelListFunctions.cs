using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Inference;

/// <summary><c>GET /api/models</c>: exactly the models the caller's tenant may call (public ones and its own).</summary>
public sealed class ModelListFunctions
{
    private readonly ModelServing _serving;
    private readonly RequestAuthenticator _authenticator;
    private readonly ILogger<ModelListFunctions> _logger;

    public ModelListFunctions(ModelServing serving, RequestAuthenticator authenticator, ILogger<ModelListFunctions> logger)
    {
        _serving = serving;
        _authenticator = authenticator;
        _logger = logger;
    }

    [Function("ListModels")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/models")] HttpRequest request) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Infer, cancellationToken);
            return new OkObjectResult(new ModelListBody(await _serving.ListAsync(caller.TenantId, cancellationToken)));
        });
}
