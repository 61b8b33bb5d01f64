using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Inference;
using ModelService.Core.Serving;
using ModelService.Functions.Http;

namespace ModelService.Functions.Inference;

/// <summary>Open Inference Protocol v2 inference over HTTP: JSON tensors in, JSON tensors out.</summary>
public sealed class InferFunctions
{
    private readonly ModelServing _serving;
    private readonly long _maxRequestBytes;
    private readonly ILogger<InferFunctions> _logger;

    public InferFunctions(ModelServing serving, IOptions<InferenceOptions> options, ILogger<InferFunctions> logger)
    {
        _serving = serving;
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
            var body = await RequestBodyReader.ReadAsync(request, _maxRequestBytes, cancellationToken);
            var result = await _serving.InferAsync(model, version, body, cancellationToken);
            _logger.LogInformation(
                "Inferred {Model} ({RequestBytes} bytes in, {ResponseBytes} bytes out, batch {BatchSize}, {ComputeMs:F2} ms compute)",
                model, body.Length, result.ResponseJson.Length, result.BatchSize, result.ComputeTime.TotalMilliseconds);
            return new Utf8JsonResult(result.ResponseJson);
        });
}
