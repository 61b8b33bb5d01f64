using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;
using ModelService.Core.Training;
using ModelService.Functions.Http;

namespace ModelService.Functions.Training;

/// <summary>DELETE /api/datasets/{name}: frees the tenant's dataset quota; models trained on it keep its sha256.</summary>
public sealed class DeleteDatasetFunction
{
    private readonly DatasetStore _datasets;
    private readonly RequestAuthenticator _authenticator;
    private readonly ILogger<DeleteDatasetFunction> _logger;

    public DeleteDatasetFunction(DatasetStore datasets, RequestAuthenticator authenticator, ILogger<DeleteDatasetFunction> logger)
    {
        _datasets = datasets;
        _authenticator = authenticator;
        _logger = logger;
    }

    [Function("DeleteDataset")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/datasets/{name}")] HttpRequest request, string name) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Train, cancellationToken);
            if (!await _datasets.DeleteAsync(caller.TenantId, name, cancellationToken))
            {
                throw new ModelServiceException(ErrorCode.NotFound, $"Dataset '{name}' does not exist.");
            }

            _logger.LogInformation("Tenant {TenantId} deleted dataset {Dataset}", caller.TenantId, name);
            return new NoContentResult();
        });
}
