using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Tenancy;
using ModelService.Core.Training;
using ModelService.Functions.Http;

namespace ModelService.Functions.Training;

/// <summary>POST /api/datasets/{name}: a CSV body becomes the tenant's dataset {name} (replacing an older one).</summary>
public sealed class DatasetFunctions
{
    private readonly DatasetStore _datasets;
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly long _maxBytes;
    private readonly ILogger<DatasetFunctions> _logger;

    public DatasetFunctions(DatasetStore datasets, ApiKeyAuthenticator authenticator, IOptions<TrainingOptions> options, ILogger<DatasetFunctions> logger)
    {
        _datasets = datasets;
        _authenticator = authenticator;
        _maxBytes = options.Value.MaxDatasetBytes;
        _logger = logger;
    }

    [Function("UploadDataset")]
    public Task<IActionResult> Upload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/datasets/{name}")] HttpRequest request, string name) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await CallerAsync(request, cancellationToken);
            var tenantId = caller.TenantId;
            DatasetNames.EnsureValid(name);
            var body = await RequestBodyReader.ReadAsync(request, _maxBytes, cancellationToken);
            var info = await _datasets.UploadAsync(tenantId, name, body, caller.Limits, cancellationToken);
            _logger.LogInformation("Tenant {TenantId} uploaded dataset {Dataset} ({SizeBytes} bytes)", tenantId, name, info.SizeBytes);
            return new Utf8JsonResult(JsonSerializer.SerializeToUtf8Bytes(info, TrainingJson.Options), StatusCodes.Status201Created);
        });

    /// <summary>The one place this class learns who calls; aligns with the function app's API-key handling.</summary>
    private Task<Caller> CallerAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _authenticator.AuthenticateAsync(ApiKeyHeader.Read(request), ApiKeyScopes.Train, cancellationToken);
}
