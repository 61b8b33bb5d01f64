using Microsoft.AspNetCore.Http;

namespace ModelService.Functions.Http;

/// <summary>Where a client puts its key: <c>Authorization: Bearer …</c> (OpenAI and KServe clients) or <c>api-key: …</c> (Azure style).</summary>
public static class ApiKeyHeader
{
    private const string BearerPrefix = "Bearer ";

    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            // Anything but a Bearer credential is passed on as is, to be refused as "not valid" rather than "missing".
            return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
                ? authorization[BearerPrefix.Length..].Trim()
                : authorization;
        }

        var apiKey = request.Headers["api-key"].ToString();
        return apiKey.Length > 0 ? apiKey.Trim() : null;
    }
}
