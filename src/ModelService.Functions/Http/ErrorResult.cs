using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ModelService.Functions.Contracts;

namespace ModelService.Functions.Http;

/// <summary>An error answer: its status, <c>{"error", "code", "requestId"}</c> and, for refusals that pass with time, <c>Retry-After</c>.</summary>
public sealed class ErrorResult : IActionResult
{
    public ErrorResult(int statusCode, ErrorResponse body, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        StatusCode = statusCode;
        Body = body;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }

    public ErrorResponse Body { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>Whole seconds, rounded up: a client that waits this long finds a token.</summary>
    public string? RetryAfterSeconds =>
        RetryAfter is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : null;

    public byte[] Json() => JsonSerializer.SerializeToUtf8Bytes(Body, FunctionsJsonContext.Default.ErrorResponse);

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds;
        }

        return new Utf8JsonResult(Json(), StatusCode).ExecuteResultAsync(context);
    }
}
