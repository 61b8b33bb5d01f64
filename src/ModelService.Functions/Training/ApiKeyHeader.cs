using Microsoft.AspNetCore.Http;

namespace ModelService.Functions.Training;

/// <summary>The key a caller sent: <c>Authorization: Bearer &lt;key&gt;</c> or <c>api-key: &lt;key&gt;</c>; null when neither.</summary>
internal static class ApiKeyHeader
{
    public static string? Read(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Headers.TryGetValue("api-key", out var key) && key.Count > 0 ? key.ToString() : null;
    }
}
