using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;
using ModelService.Core.Predictions;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;

namespace ModelService.Functions.Predictions;

/// <summary>DELETE /api/predictions/{id}: the prediction's record, request and result go now rather than at retention.</summary>
public sealed class DeletePredictionFunction
{
    private readonly PredictionStore _store;
    private readonly RequestAuthenticator _authenticator;
    private readonly ILogger<DeletePredictionFunction> _logger;

    public DeletePredictionFunction(PredictionStore store, RequestAuthenticator authenticator, ILogger<DeletePredictionFunction> logger)
    {
        _store = store;
        _authenticator = authenticator;
        _logger = logger;
    }

    [Function("DeletePrediction")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/predictions/{id}")] HttpRequest request, string id) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Infer, cancellationToken);
            if (!await _store.DeleteAsync(caller.TenantId, id, cancellationToken))
            {
                throw new ModelServiceException(ErrorCode.NotFound, $"Prediction '{id}' does not exist.");
            }

            _logger.LogInformation("Prediction {PredictionId} of {Tenant} deleted", id, caller.TenantId);
            return new NoContentResult();
        });
}
