using System.Reflection;
using ModelService.Core.Tenancy;

namespace ModelService.Functions.Middleware;

/// <summary>What an HTTP function declares through its attributes: who may call it, which rate it spends, how large a body it takes.</summary>
public sealed record HttpFunctionDeclaration(bool IsPublic, ApiKeyScopes? Scope, RouteRate Rate, RequestBodyLimit BodyLimit)
{
    /// <summary>Neither public nor scoped: refused, so a route cannot be opened by forgetting an attribute.</summary>
    public bool IsUndeclared => !IsPublic && Scope is null;

    public static HttpFunctionDeclaration Of(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var scope = method.GetCustomAttribute<RequiresScopeAttribute>();
        var limit = method.GetCustomAttribute<RequestBodyLimitAttribute>()?.Limit ?? RequestBodyLimit.Small;
        return new HttpFunctionDeclaration(method.GetCustomAttribute<PublicRouteAttribute>() is not null, scope?.Scope, scope?.Rate ?? RouteRate.Calls, limit);
    }
}
