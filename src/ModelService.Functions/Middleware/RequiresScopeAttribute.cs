using ModelService.Core.Tenancy;

namespace ModelService.Functions.Middleware;

/// <summary>
/// Declares on an HTTP function that its caller needs an API key with <see cref="Scope"/>
/// (<see cref="ApiKeyScopes.None"/>: any valid key), and which rate bucket the call spends. The middleware checks
/// both before the function runs and leaves the <see cref="Caller"/> for it (<c>request.Caller()</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequiresScopeAttribute : Attribute
{
    public RequiresScopeAttribute(ApiKeyScopes scope, RouteRate rate = RouteRate.Calls)
    {
        Scope = scope;
        Rate = rate;
    }

    public ApiKeyScopes Scope { get; }

    public RouteRate Rate { get; }
}
