using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;
using ModelService.Core.Training;
using ModelService.Functions.Http;

namespace ModelService.Functions.Training;

/// <summary>Training jobs over HTTP: submit (validated, then queued for the trainer), list, show, cancel, progress events.</summary>
public sealed class TrainingJobFunctions
{
    private const long MaxSubmissionBytes = 64 * 1024;

    private readonly TrainingJobService _jobs;
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly ILogger<TrainingJobFunctions> _logger;

    public TrainingJobFunctions(TrainingJobService jobs, ApiKeyAuthenticator authenticator, ILogger<TrainingJobFunctions> logger)
    {
        _jobs = jobs;
        _authenticator = authenticator;
        _logger = logger;
    }

    [Function("SubmitTrainingJob")]
    public Task<IActionResult> Submit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/training-jobs")] HttpRequest request) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var caller = await _authenticator.AuthenticateAsync(ApiKeyHeader.Read(request), ApiKeyScopes.Train, cancellationToken);
            var body = await RequestBodyReader.ReadAsync(request, MaxSubmissionBytes, cancellationToken);
            var job = await _jobs.SubmitAsync(caller.TenantId, caller.KeyId, Parse(body).ToRequest(), cancellationToken);
            request.HttpContext.Response.Headers.Location = $"/api/training-jobs/{job.Id}";
            return Json(job, StatusCodes.Status202Accepted);
        });

    [Function("ListTrainingJobs")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/training-jobs")] HttpRequest request) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
            Json(new { jobs = await _jobs.ListAsync(await TenantAsync(request, cancellationToken), cancellationToken) }));

    [Function("GetTrainingJob")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/training-jobs/{id}")] HttpRequest request, string id) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
            Json(await _jobs.GetAsync(await TenantAsync(request, cancellationToken), id, cancellationToken)));

    [Function("CancelTrainingJob")]
    public Task<IActionResult> Cancel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/training-jobs/{id}/cancel")] HttpRequest request, string id) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
            Json(await _jobs.CancelAsync(await TenantAsync(request, cancellationToken), id, cancellationToken)));

    /// <summary>Events after sequence <c>?after=N</c> (default 0), so a watcher fetches only what is new.</summary>
    [Function("ListTrainingJobEvents")]
    public Task<IActionResult> Events([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/training-jobs/{id}/events")] HttpRequest request, string id) =>
        HttpCall.ExecuteAsync(request, _logger, async cancellationToken =>
        {
            var after = int.TryParse(request.Query["after"], out var value) && value >= 0 ? value : 0;
            var events = await _jobs.EventsAsync(await TenantAsync(request, cancellationToken), id, after, cancellationToken);
            return Json(new { events });
        });

    /// <summary>The one place this class learns who calls; aligns with the function app's API-key handling.</summary>
    private async Task<string> TenantAsync(HttpRequest request, CancellationToken cancellationToken) =>
        (await _authenticator.AuthenticateAsync(ApiKeyHeader.Read(request), ApiKeyScopes.Train, cancellationToken)).TenantId;

    private static TrainingJobSubmission Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingJobSubmission>(body.Span, TrainingJson.Options)
                   ?? throw new ModelServiceException(ErrorCode.InvalidRequest, "The request body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, $"The request body is not valid JSON: {exception.Message.Split('.')[0]}.", exception);
        }
    }

    private static Utf8JsonResult Json<T>(T value, int status = StatusCodes.Status200OK) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, TrainingJson.Options), status);
}
