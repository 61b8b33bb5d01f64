using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Contracts;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Inference;

/// <summary><c>GET /api/models</c>: exactly the models the caller's tenant may call (public ones and its own).</summary>
public sealed class ModelListFunctions
{
    private readonly ModelServing _serving;

    public ModelListFunctions(ModelServing serving)
    {
        _serving = serving;
    }

    [Function("ListModels")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Reads)]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/models")] HttpRequest request) =>
        JsonResults.Ok(new ModelListResponse(await _serving.ListAsync(request.Caller().TenantId, request.HttpContext.RequestAborted)));
}
