using ModelService.FunctionsHost.Functions;

namespace ModelService.FunctionsHost.Http;

/// <summary>
/// The HTTP-triggered functions and their routes as the real host builds them: routePrefix + "/" + route, or the
/// function's name when it has no route; methods from the trigger, any method when it names none.
/// </summary>
internal static class HttpRoutes
{
    public static IReadOnlyList<HttpFunction> From(IEnumerable<FunctionDescriptor> functions, string routePrefix) =>
        functions
            .Where(f => f.Trigger?.Is("httpTrigger") == true)
            .Select(f => new HttpFunction(
                f.Name,
                f.Trigger!.Name,
                Template(routePrefix, f.Trigger.String("route") ?? f.Name),
                (f.Trigger.Strings("methods") ?? []).Select(m => m.ToUpperInvariant()).ToArray()))
            .ToArray();

    public static string Template(string routePrefix, string route)
    {
        var prefix = routePrefix.Trim('/');
        var suffix = route.Trim('/');
        return prefix.Length == 0 ? suffix : suffix.Length == 0 ? prefix : $"{prefix}/{suffix}";
    }
}
