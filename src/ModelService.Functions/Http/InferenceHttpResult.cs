using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ModelService.Core.Inference;

namespace ModelService.Functions.Http;

/// <summary>
/// Streams a v2 infer response to the body: JSON as it is written, or the JSON object then binary tensor data with
/// <c>Inference-Header-Content-Length</c>. The result (its values and session lease) is disposed when the request ends.
/// </summary>
public sealed class InferenceHttpResult : IActionResult
{
    public InferenceHttpResult(InferenceResult result)
    {
        Result = result;
    }

    public InferenceResult Result { get; }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.RegisterForDispose(Result);
        var body = Result.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = body.ContentType;
        if (body.JsonLength is { } jsonLength)
        {
            response.Headers[InferenceRequestBody.HeaderLengthHeader] = jsonLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.ContentLength = body.ContentLength;
        }

        await body.WriteToAsync(response.BodyWriter, context.HttpContext.RequestAborted);
    }
}
