using Microsoft.AspNetCore.Http;
using ModelService.Core.Errors;
using ModelService.Core.Inference;

namespace ModelService.Functions.Predictions;

/// <summary>How a client asks for asynchronous inference: <c>Prefer: respond-async</c> (RFC 7240), and an optional <c>Webhook</c> header.</summary>
public static class AsyncRequest
{
    public const string WebhookHeader = "Webhook";

    public static bool IsAsked(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers["Prefer"].Any(value => value is not null && value
            .Split([',', ';'], StringSplitOptions.TrimEntries)
            .Contains("respond-async", StringComparer.OrdinalIgnoreCase));
    }

    public static string? Webhook(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Headers[WebhookHeader].ToString();
        return value.Length == 0 ? null : value;
    }

    /// <summary>Async requests are stored and replayed as JSON, so binary tensor data is refused for them.</summary>
    public static ReadOnlyMemory<byte> JsonOnly(InferenceRequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.JsonLength is null
            ? body.Content
            : throw new ModelServiceException(ErrorCode.InvalidRequest, $"Asynchronous inference takes JSON tensors only: send the request without binary data ({InferenceRequestBody.HeaderLengthHeader}).");
    }
}
