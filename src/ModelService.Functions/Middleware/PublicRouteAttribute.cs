namespace ModelService.Functions.Middleware;

/// <summary>
/// Declares on an HTTP function that it needs no key (health probes). An HTTP function that declares neither this
/// nor <see cref="RequiresScopeAttribute"/> is refused with a 500: routes are closed unless opened on purpose.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PublicRouteAttribute : Attribute;
