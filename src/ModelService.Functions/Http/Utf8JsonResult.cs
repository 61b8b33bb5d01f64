using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ModelService.Functions.Http;

/// <summary>Writes JSON that is already UTF-8 bytes, so inference responses are not re-encoded on the way out.</summary>
public sealed class Utf8JsonResult : IActionResult
{
    public Utf8JsonResult(byte[] json, int statusCode = StatusCodes.Status200OK, string? location = null)
    {
        Json = json;
        StatusCode = statusCode;
        Location = location;
    }

    public byte[] Json { get; }

    public int StatusCode { get; }

    /// <summary>The <c>Location</c> header of a 201 or 202, when there is one.</summary>
    public string? Location { get; }

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Json.Length;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        return response.Body.WriteAsync(Json, context.HttpContext.RequestAborted).AsTask();
    }
}
