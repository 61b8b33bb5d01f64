using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ModelService.Core.Predictions;
using ModelService.Functions.Contracts;

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
        await WriteAsync(response.Body, Record, Result, context.HttpContext.RequestAborted);
    }

    /// <summary>
    /// Writes the view with the stored result copied in as <c>response</c> straight from its stream: the answer of
    /// an async call is never parsed or held whole, however large it is.
    /// </summary>
    public static async Task WriteAsync(Stream destination, PredictionRecord record, Stream? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var head = JsonSerializer.SerializeToUtf8Bytes(PredictionResponse.From(record, null), FunctionsJsonContext.Default.PredictionResponse);
        if (result is null)
        {
            await destination.WriteAsync(head, cancellationToken);
            return;
        }

        // The view is a non-empty object, so its text ends with '}': the response goes in just before it.
        await destination.WriteAsync(head.AsMemory(0, head.Length - 1), cancellationToken);
        await destination.WriteAsync(",\"response\":"u8.ToArray(), cancellationToken);
        await result.CopyToAsync(destination, cancellationToken);
        await destination.WriteAsync("}"u8.ToArray(), cancellationToken);
    }
}
