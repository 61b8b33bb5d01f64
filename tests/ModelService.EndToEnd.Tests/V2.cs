using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelService.EndToEnd.Tests;

/// <summary>Open Inference Protocol v2 request bodies and response checks.</summary>
public static class V2
{
    public static string InferRequest(float[] x, int rows, string? id = null) =>
        JsonSerializer.Serialize(new
        {
            id,
            inputs = new[] { new { name = "x", shape = new[] { rows, x.Length / rows }, datatype = "FP32", data = x } },
        });

    public static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// An error: the status, and {"error": "…", "code": "…", "requestId": "…"} whose message names what was wrong
    /// and whose request id is the one in the response's x-request-id header.
    /// </summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string fragment)
    {
        var body = await ReadJsonAsync(response, expected);
        var message = body.GetProperty("error").GetString();
        Assert.Contains(fragment, message, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("code").GetString()));
        Assert.Equal(RequestId(response), body.GetProperty("requestId").GetString());
        return body;
    }

    /// <summary>The response's x-request-id header, which every answer carries.</summary>
    public static string RequestId(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("x-request-id", out var values), $"No x-request-id on a {(int)response.StatusCode} answer.");
        return Assert.Single(values);
    }
}
