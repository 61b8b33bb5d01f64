using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ModelService.Core.Predictions;

namespace ModelService.Functions.Predictions;

/// <summary>A prediction's view with its stored result streamed from the blob into the body (never parsed).</summary>
public sealed class PredictionHttpResult : IActionResult
{
    public PredictionHttpResult(PredictionRecord record, Stream? result)
    {
        Record = record;
        Result = result;
    }

    public PredictionRecord Record { get; }

    public Stream? Result { get; }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        if (Result is not null)
        {
            response.RegisterForDisposeAsync(Result);
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await PredictionView.WriteAsync(response.Body, Record, Result, context.HttpContext.RequestAborted);
    }
}
