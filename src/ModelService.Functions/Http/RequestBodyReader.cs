using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ModelService.Core.Errors;

namespace ModelService.Functions.Http;

/// <summary>Reads a request body into memory, refusing (413) anything over the route's limit before it is buffered.</summary>
public static class RequestBodyReader
{
    private static readonly object LimitKey = new();

    /// <summary>Reads the body within the limit the middleware set from the function's declaration.</summary>
    public static Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = request.HttpContext.Items.TryGetValue(LimitKey, out var value) && value is long bytes
            ? bytes
            : throw new InvalidOperationException("No body limit: the function ran outside the middleware.");
        return ReadAsync(request, limit, cancellationToken);
    }

    /// <summary>
    /// Sets the route's limit: refuses a declared Content-Length over it at once and bounds what the server reads
    /// of a chunked body.
    /// </summary>
    public static void Limit(HttpRequest request, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Items[LimitKey] = maxBytes;
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1;
        }
    }

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Limit(request, maxBytes);
        try
        {
            return request.ContentLength is { } length
                ? await ReadExactlyAsync(request.Body, length, cancellationToken)
                : await ReadChunkedAsync(request.Body, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxBytes);
        }
        catch (EndOfStreamException exception)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "The request body ended before its Content-Length.", exception);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadExactlyAsync(Stream body, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        await body.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    private static async Task<ReadOnlyMemory<byte>> ReadChunkedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var read = await body.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
        }
    }

    private static ModelServiceException TooLarge(long maxBytes) =>
        new(ErrorCode.PayloadTooLarge, $"The request body is larger than the limit of {maxBytes} bytes.");
}
