using System.Globalization;
using ModelService.Core.Errors;

namespace ModelService.Core.Inference;

/// <summary>
/// A v2 infer request body as received: a JSON object, optionally followed by binary tensor data (the binary data
/// extension), in which case <see cref="JsonLength"/> is the <c>Inference-Header-Content-Length</c> header.
/// </summary>
public sealed record InferenceRequestBody(ReadOnlyMemory<byte> Content, int? JsonLength = null)
{
    /// <summary>The HTTP header that gives the JSON object's length when binary tensor data follows it.</summary>
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    /// <summary>False where the answer must be JSON only (async results are stored and polled as JSON).</summary>
    public bool AllowBinaryOutput { get; init; } = true;

    public ReadOnlyMemory<byte> Json => JsonLength is { } length ? Content[..length] : Content;

    public static InferenceRequestBody FromJson(ReadOnlyMemory<byte> json) => new(json);

    /// <summary>Reads the header's value (null or empty when absent) against the body it describes.</summary>
    public static InferenceRequestBody Parse(ReadOnlyMemory<byte> content, string? headerLength)
    {
        if (string.IsNullOrWhiteSpace(headerLength))
        {
            return new InferenceRequestBody(content);
        }

        if (!int.TryParse(headerLength, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > content.Length || length == 0)
        {
            throw new ModelServiceException(
                ErrorCode.InvalidRequest,
                $"{HeaderLengthHeader} must be a positive integer no larger than the body ({content.Length} bytes).");
        }

        return new InferenceRequestBody(content, length);
    }
}
