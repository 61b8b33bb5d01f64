using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ModelService.Functions.Http;

/// <summary>Writes JSON that is already UTF-8 bytes, so inference responses are not re-encoded on the way out.</summary>
public sealed class Utf8JsonResult : IActionResult
{
    public Utf8JsonResult(byte[] json, int statusCode = StatusCodes.Status200OK)
    {
        Json = json;
        StatusCode = statusCode;
    }

    public byte[] Json { get; }

    public int StatusCode { get; }

    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Json.Length;
        return response.Body.WriteAsync(Json, context.HttpContext.RequestAborted).AsTask();
    }
}
