using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;
using ModelService.Core.Training;
using ModelService.Functions.Contracts;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Training;

/// <summary>Training jobs over HTTP: submit (validated, then queued for the trainer), list, show, cancel, progress events.</summary>
public sealed class TrainingJobFunctions
{
    private readonly TrainingJobService _jobs;

    public TrainingJobFunctions(TrainingJobService jobs)
    {
        _jobs = jobs;
    }

    [Function("SubmitTrainingJob")]
    [RequiresScope(ApiKeyScopes.Train)]
    public async Task<IActionResult> Submit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/training-jobs")] HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var body = await RequestBodyReader.ReadAsync(request, cancellationToken);
        var caller = request.Caller();
        var job = await _jobs.SubmitAsync(caller.TenantId, caller.KeyId, Parse(body).ToRequest(), cancellationToken);
        return JsonResults.Create(TrainingJobResponse.From(job), StatusCodes.Status202Accepted, $"/api/training-jobs/{job.Id}");
    }

    [Function("ListTrainingJobs")]
    [RequiresScope(ApiKeyScopes.Train, RouteRate.Reads)]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/training-jobs")] HttpRequest request)
    {
        var jobs = await _jobs.ListAsync(request.Caller().TenantId, request.HttpContext.RequestAborted);
        return JsonResults.Ok(new TrainingJobListResponse([.. jobs.Select(TrainingJobResponse.From)]));
    }

    [Function("GetTrainingJob")]
    [RequiresScope(ApiKeyScopes.Train, RouteRate.Reads)]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/training-jobs/{id}")] HttpRequest request, string id) =>
        JsonResults.Ok(TrainingJobResponse.From(await _jobs.GetAsync(request.Caller().TenantId, id, request.HttpContext.RequestAborted)));

    [Function("CancelTrainingJob")]
    [RequiresScope(ApiKeyScopes.Train)]
    public async Task<IActionResult> Cancel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/training-jobs/{id}/cancel")] HttpRequest request, string id) =>
        JsonResults.Ok(TrainingJobResponse.From(await _jobs.CancelAsync(request.Caller().TenantId, id, request.HttpContext.RequestAborted)));

    /// <summary>Events after sequence <c>?after=N</c> (default 0), so a watcher fetches only what is new.</summary>
    [Function("ListTrainingJobEvents")]
    [RequiresScope(ApiKeyScopes.Train, RouteRate.Reads)]
    public async Task<IActionResult> Events([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/training-jobs/{id}/events")] HttpRequest request, string id)
    {
        var after = int.TryParse(request.Query["after"], out var value) && value >= 0 ? value : 0;
        var events = await _jobs.EventsAsync(request.Caller().TenantId, id, after, request.HttpContext.RequestAborted);
        return JsonResults.Ok(new TrainingEventListResponse([.. events.Select(TrainingEventResponse.From)]));
    }

    private static TrainingJobSubmission Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonResults.Read<TrainingJobSubmission>(body.Span)
                   ?? throw new ModelServiceException(ErrorCode.InvalidRequest, "The request body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            // The serializer's own text names .NET types; the path (from the client's own body) is enough to point at the fault.
            var at = string.IsNullOrEmpty(exception.Path) ? string.Empty : $" (at {exception.Path})";
            throw new ModelServiceException(ErrorCode.InvalidRequest, $"The request body is not valid JSON, or a field has the wrong type{at}.", exception);
        }
    }
}
