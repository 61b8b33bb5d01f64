using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace ModelService.Functions.Middleware;

/// <summary>
/// The id every response carries in <c>x-request-id</c> and every error body and server log line repeats: the
/// client's own <c>x-request-id</c> when it is a plain token, else the trace id of a W3C <c>traceparent</c>, else a
/// new one (32 hex digits, the shape of a trace id).
/// </summary>
public static class RequestIds
{
    public const string Header = "x-request-id";
    public const string TraceParentHeader = "traceparent";
    public const int MaxLength = 128;

    private static readonly object ItemKey = new();
    private static readonly SearchValues<char> TokenCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>Chooses the request's id, remembers it on the context and sets the response header.</summary>
    public static string Assign(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is string assigned)
        {
            return assigned;
        }

        var id = Choose(context.Request.Headers[Header].ToString(), context.Request.Headers[TraceParentHeader].ToString());
        context.Items[ItemKey] = id;
        context.Response.Headers[Header] = id;
        return id;
    }

    /// <summary>The id assigned to this request (assigning one if the middleware did not).</summary>
    public static string Of(HttpContext context) => Assign(context);

    public static string Choose(string? requestId, string? traceParent)
    {
        if (IsToken(requestId))
        {
            return requestId!;
        }

        return TraceId(traceParent) ?? Guid.NewGuid().ToString("N");
    }

    private static bool IsToken(string? value) =>
        value is { Length: > 0 and <= MaxLength } && !value.AsSpan().ContainsAnyExcept(TokenCharacters);

    /// <summary>The trace id of "version-traceid-parentid-flags" (W3C Trace Context), when it is well formed and not all zeros.</summary>
    private static string? TraceId(string? traceParent)
    {
        if (traceParent is not { Length: >= 55 } || traceParent[2] != '-' || traceParent[35] != '-' || traceParent[52] != '-')
        {
            return null;
        }

        var version = traceParent.AsSpan(0, 2);
        var traceId = traceParent.AsSpan(3, 32);
        var parentId = traceParent.AsSpan(36, 16);
        if (version.ContainsAnyExcept(LowerHex) || version.SequenceEqual("ff") || traceId.ContainsAnyExcept(LowerHex)
            || parentId.ContainsAnyExcept(LowerHex) || !traceId.ContainsAnyExcept('0'))
        {
            return null;
        }

        return traceId.ToString();
    }
}
