using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;
using ModelService.Core.Predictions;
using ModelService.Core.Tenancy;
using ModelService.Functions.Contracts;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Predictions;

/// <summary>Asynchronous inference: the queued work, its poison queue, and the status route clients poll.</summary>
public sealed class PredictionFunctions
{
    private readonly PredictionStore _store;
    private readonly PredictionRunner _runner;
    private readonly ILogger<PredictionFunctions> _logger;

    public PredictionFunctions(PredictionStore store, PredictionRunner runner, ILogger<PredictionFunctions> logger)
    {
        _store = store;
        _runner = runner;
        _logger = logger;
    }

    [Function("GetPrediction")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Reads)]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PredictionRoutes.StatusTemplate)] HttpRequest request, string id)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var record = await _store.FindAsync(request.Caller().TenantId, id, cancellationToken)
            ?? throw new ModelServiceException(ErrorCode.NotFound, $"Prediction '{id}' does not exist.");
        var result = record.Status == PredictionStatus.Succeeded ? await _store.OpenResultAsync(record, cancellationToken) : null;
        return new PredictionHttpResult(record, result);
    }

    /// <summary>DELETE /api/predictions/{id}: the record, request and result go now rather than at retention.</summary>
    [Function("DeletePrediction")]
    [RequiresScope(ApiKeyScopes.Infer)]
    public async Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = PredictionRoutes.StatusTemplate)] HttpRequest request, string id)
    {
        var tenantId = request.Caller().TenantId;
        if (!await _store.DeleteAsync(tenantId, id, request.HttpContext.RequestAborted))
        {
            throw new ModelServiceException(ErrorCode.NotFound, $"Prediction '{id}' does not exist.");
        }

        _logger.LogInformation("Prediction {PredictionId} of {Tenant} deleted", id, tenantId);
        return new NoContentResult();
    }

    /// <summary>Runs a queued request; the runner hands its usage event to the usage buffer like a sync call's.</summary>
    [Function("RunPrediction")]
    public async Task Run([QueueTrigger(PredictionOptions.QueueName)] string message, CancellationToken cancellationToken)
    {
        var prediction = PredictionMessageJson.Parse(message);
        var record = await _runner.RunAsync(prediction, cancellationToken);
        _logger.LogInformation("Prediction {PredictionId} for {Tenant}: {Status} (attempt {Attempt})", record.Id, record.TenantId, record.Status, record.Attempts);
    }

    /// <summary>
    /// A message that failed host.json's maxDequeueCount times: its prediction ends as failed with that reason,
    /// so no client polls forever. A message that names no prediction is refused here too, so the host parks it in
    /// inference-requests-poison-poison for an operator rather than deleting it.
    /// </summary>
    [Function("FailPoisonedPrediction")]
    public async Task FailPoisoned([QueueTrigger(PredictionOptions.QueueName + "-poison")] string message, CancellationToken cancellationToken)
    {
        if (PoisonedMessage.TryReadIds(message, out var tenantId, out var id, out var model))
        {
            await _runner.FailAsync(tenantId, id, model, "The request could not be processed after repeated attempts.", cancellationToken);
            _logger.LogWarning("Prediction {PredictionId} of {Tenant} failed: its message was poisoned", id, tenantId);
            return;
        }

        throw new InvalidDataException($"A poisoned inference request names no prediction ({message.Length} characters).");
    }
}
