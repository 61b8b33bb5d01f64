using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Billing;
using ModelService.Core.Inference;
using ModelService.Core.Predictions;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Contracts;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;
using ModelService.Functions.Predictions;

namespace ModelService.Functions.Inference;

/// <summary>Open Inference Protocol v2 inference over HTTP: JSON or binary tensors in and out, one usage event per call.</summary>
public sealed class InferFunctions
{
    private readonly MeteredInference _inference;
    private readonly IUsageSink _usage;
    private readonly PredictionSubmitter _predictions;
    private readonly ILogger<InferFunctions> _logger;

    public InferFunctions(MeteredInference inference, IUsageSink usage, PredictionSubmitter predictions, ILogger<InferFunctions> logger)
    {
        _inference = inference;
        _usage = usage;
        _predictions = predictions;
        _logger = logger;
    }

    [Function("ModelInfer")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Metered)]
    [RequestBodyLimit(RequestBodyLimit.Inference)]
    public Task<IActionResult> Infer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/models/{model}/infer")] HttpRequest request, string model) =>
        InferAsync(request, model, null);

    [Function("ModelVersionInfer")]
    [RequiresScope(ApiKeyScopes.Infer, RouteRate.Metered)]
    [RequestBodyLimit(RequestBodyLimit.Inference)]
    public Task<IActionResult> InferVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/models/{model}/versions/{version}/infer")] HttpRequest request, string model, string version) =>
        InferAsync(request, model, version);

    private async Task<IActionResult> InferAsync(HttpRequest request, string model, string? version)
    {
        var caller = request.Caller();
        var cancellationToken = request.HttpContext.RequestAborted;
        var body = InferenceRequestBody.Parse(
            await RequestBodyReader.ReadAsync(request, cancellationToken),
            request.Headers[InferenceRequestBody.HeaderLengthHeader].ToString());
        if (AsyncRequest.IsAsked(request))
        {
            return await SubmitAsync(request, caller, model, version, AsyncRequest.JsonOnly(body), cancellationToken);
        }

        var call = new MeteredCallContext(UsageEventFactory.NewCallId(), caller.TenantId, UsageKinds.Sync, caller.KeyId);
        var outcome = await _inference.InferAsync(caller, call, model, version, body, cancellationToken);
        try
        {
            // Billed whether it succeeded (at its price) or failed (at 0); waits as long as Billing:UsageDurability says.
            await _usage.SendAsync(outcome.Usage, cancellationToken);
        }
        catch
        {
            outcome.Result?.Dispose();
            throw;
        }

        if (!outcome.Succeeded)
        {
            // Admitted and failed: answered as an error, and still recorded (at zero) with its reason.
            return HttpErrors.From(outcome.Failure.SourceException, request.HttpContext, _logger);
        }

        var result = outcome.Result;
        _logger.LogInformation(
            "Inferred {Model} for {Tenant}, call {CallId} ({RequestBytes} bytes in, binary {Binary}, batch {BatchSize}, {ComputeMs:F2} ms compute)",
            model, caller.TenantId, call.CallId, body.Content.Length, result.Response.HasBinaryData, result.BatchSize, result.ComputeTime.TotalMilliseconds);
        return new InferenceHttpResult(result);
    }

    /// <summary><c>Prefer: respond-async</c>: queued, 202 with where to poll; billed when it runs.</summary>
    private async Task<IActionResult> SubmitAsync(HttpRequest request, Caller caller, string model, string? version, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var record = await _predictions.SubmitAsync(caller, model, version, body, AsyncRequest.Webhook(request), cancellationToken);
        _logger.LogInformation("Queued prediction {PredictionId} of {Model} for {Tenant} ({RequestBytes} bytes)", record.Id, model, caller.TenantId, body.Length);
        request.HttpContext.Response.Headers["Preference-Applied"] = "respond-async";
        var accepted = new PredictionAcceptedResponse(record.Id, PredictionStates.Of(record.Status), record.WebhookSecret);
        return JsonResults.Create(accepted, StatusCodes.Status202Accepted, PredictionRoutes.Status(record.Id));
    }
}
