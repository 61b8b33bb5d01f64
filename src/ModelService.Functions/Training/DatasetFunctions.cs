using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;
using ModelService.Core.Training;
using ModelService.Functions.Contracts;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Training;

/// <summary>
/// POST /api/datasets/{name}: a CSV body becomes the tenant's dataset {name} (replacing an older one), within the
/// tenant's dataset quota; DELETE frees it (models trained on it keep its sha256).
/// </summary>
public sealed class DatasetFunctions
{
    private readonly DatasetStore _datasets;
    private readonly ILogger<DatasetFunctions> _logger;

    public DatasetFunctions(DatasetStore datasets, ILogger<DatasetFunctions> logger)
    {
        _datasets = datasets;
        _logger = logger;
    }

    [Function("UploadDataset")]
    [RequiresScope(ApiKeyScopes.Train)]
    [RequestBodyLimit(RequestBodyLimit.Dataset)]
    public async Task<IActionResult> Upload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/datasets/{name}")] HttpRequest request, string name)
    {
        var caller = request.Caller();
        var tenantId = caller.TenantId;
        var cancellationToken = request.HttpContext.RequestAborted;
        DatasetNames.EnsureValid(name);
        var body = await RequestBodyReader.ReadAsync(request, cancellationToken);
        var info = await _datasets.UploadAsync(tenantId, name, body, caller.Limits, cancellationToken);
        _logger.LogInformation("Tenant {TenantId} uploaded dataset {Dataset} ({SizeBytes} bytes)", tenantId, name, info.SizeBytes);
        return JsonResults.Create(DatasetResponse.From(info), StatusCodes.Status201Created);
    }

    [Function("DeleteDataset")]
    [RequiresScope(ApiKeyScopes.Train)]
    public async Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/datasets/{name}")] HttpRequest request, string name)
    {
        var tenantId = request.Caller().TenantId;
        if (!await _datasets.DeleteAsync(tenantId, name, request.HttpContext.RequestAborted))
        {
            throw new ModelServiceException(ErrorCode.NotFound, $"Dataset '{name}' does not exist.");
        }

        _logger.LogInformation("Tenant {TenantId} deleted dataset {Dataset}", tenantId, name);
        return new NoContentResult();
    }
}
