using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Billing;
using ModelService.Core.Inference;
using ModelService.Core.Predictions;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Functions.Http;
using ModelService.Functions.Predictions;

namespace ModelService.Functions.Inference;

/// <summary>Open Inference Protocol v2 inference over HTTP: JSON tensors in, JSON tensors out, one usage event per call.</summary>
public sealed class InferFunctions
{
    private readonly MeteredInference _inference;
    private readonly IUsageSink _usage;
    private readonly PredictionSubmitter _predictions;
    private readonly RequestAuthenticator _authenticator;
    private readonly long _maxRequestBytes;
    private readonly ILogger<InferFunctions> _logger;

    public InferFunctions(MeteredInference inference, IUsageSink usage, PredictionSubmitter predictions, RequestAuthenticator authenticator, IOptions<InferenceOptions> options, ILogger<InferFunctions> logger)
    {
        _inference = inference;
        _usage = usage;
        _predictions = predictions;
        _authenticator = authenticator;
        _maxRequestBytes = options.Value.MaxRequestBytes;
        _logger = logger;
    }

    [Function("ModelInfer")]
    public Task<IActionResult> Infer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/models/{model}/infer")] HttpRequest request, string model) =>
        InferAsync(request, model, null);

    [Function("ModelVersionInfer")]
    public Task<IActionResult> InferVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/models/{model}/versions/{version}/infer")] HttpRequest request, string model, string version) =>
        InferAsync(request, model, version);

    private Task<IActionResult> InferAsync(HttpRequest request, string model, string? version) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(request, ApiKeyScopes.Infer, cancellationToken);
            var body = await RequestBodyReader.ReadAsync(request, _maxRequestBytes, cancellationToken);
            if (AsyncRequest.IsAsked(request))
            {
                return await SubmitAsync(request, caller, model, version, body, cancellationToken);
            }

            var call = new MeteredCallContext(UsageEventFactory.NewCallId(), caller.TenantId, UsageKinds.Sync);
            var outcome = await _inference.InferAsync(caller, call, model, version, body, cancellationToken);

            // Billed whether it succeeded (at its price) or failed (at 0); waits as long as Billing:UsageDurability says.
            await _usage.SendAsync(outcome.Usage, cancellationToken);
            var result = outcome.GetResultOrThrow();
            _logger.LogInformation(
                "Inferred {Model} for {Tenant}, call {CallId} ({RequestBytes} bytes in, {ResponseBytes} bytes out, batch {BatchSize}, {ComputeMs:F2} ms compute)",
                model, caller.TenantId, call.CallId, body.Length, result.ResponseJson.Length, result.BatchSize, result.ComputeTime.TotalMilliseconds);
            return new Utf8JsonResult(result.ResponseJson);
        });

    /// <summary><c>Prefer: respond-async</c>: queued, 202 with where to poll; billed when it runs.</summary>
    private async Task<IActionResult> SubmitAsync(HttpRequest request, Caller caller, string model, string? version, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var record = await _predictions.SubmitAsync(caller, model, version, body, AsyncRequest.Webhook(request), cancellationToken);
        _logger.LogInformation("Queued prediction {PredictionId} of {Model} for {Tenant} ({RequestBytes} bytes)", record.Id, model, caller.TenantId, body.Length);
        request.HttpContext.Response.Headers["Preference-Applied"] = "respond-async";
        var accepted = new Dictionary<string, string> { ["id"] = record.Id, ["status"] = record.Status };
        if (record.WebhookSecret is { } secret)
        {
            // Shown once, to the caller who asked for the webhook: it verifies the notifications' signatures.
            accepted["webhookSecret"] = secret;
        }

        return new AcceptedResult($"/api/predictions/{record.Id}", accepted);
    }
}
