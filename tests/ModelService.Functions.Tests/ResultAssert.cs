using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using ModelService.Functions.Http;

namespace ModelService.Functions.Tests;

/// <summary>Reads function results the way a client would see them: status and JSON body.</summary>
internal static class ResultAssert
{
    // What ASP.NET Core uses for ObjectResult bodies.
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);



    public static JsonElement Json(IActionResult result, int expectedStatus)
    {
        switch (result)
        {
            case ErrorResult error:
                Assert.Equal(expectedStatus, error.StatusCode);
                return JsonDocument.Parse(error.Json()).RootElement.Clone();
            case Utf8JsonResult json:
                Assert.Equal(expectedStatus, json.StatusCode);
                return JsonDocument.Parse(json.Json).RootElement.Clone();
            case InferenceHttpResult infer:
                Assert.Equal(200, expectedStatus);
                using (infer.Result)
                {
                    return JsonDocument.Parse(infer.Result.Response.ToArray()).RootElement.Clone();
                }

            case ObjectResult objectResult:
                Assert.Equal(expectedStatus, objectResult.StatusCode ?? 200);
                return JsonSerializer.SerializeToElement(objectResult.Value, WebJson);
            default:
                throw new Xunit.Sdk.XunitException($"Unexpected result type {result.GetType().Name}.");
        }
    }

    /// <summary>
    /// Asserts an error: the status and a non-empty {"error": "…", "code": "…", "requestId": "…"} whose message
    /// mentions <paramref name="fragment"/> and holds no stack trace.
    /// </summary>
    public static void Error(IActionResult result, int expectedStatus, string fragment)
    {
        var body = Json(result, expectedStatus);
        var message = body.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Contains(fragment, message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("requestId").GetString()));
    }
}
