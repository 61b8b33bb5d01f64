using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ModelService.Functions.Middleware;

/// <summary>Reads each function's declaration once, from the method its <see cref="FunctionDefinition.EntryPoint"/> names.</summary>
public sealed class HttpFunctionDeclarations
{
    private static readonly HttpFunctionDeclaration Undeclared = new(false, null, RouteRate.Calls, RequestBodyLimit.Small);

    private readonly ConcurrentDictionary<string, HttpFunctionDeclaration> _byFunctionId = new(StringComparer.Ordinal);

    public HttpFunctionDeclaration For(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return _byFunctionId.GetOrAdd(function.Id, static (_, definition) => Read(definition.EntryPoint), function);
    }

    /// <summary>An entry point is "Namespace.Type.Method"; the functions live in this assembly.</summary>
    public static HttpFunctionDeclaration Read(string entryPoint)
    {
        ArgumentNullException.ThrowIfNull(entryPoint);
        var dot = entryPoint.LastIndexOf('.');
        var method = dot < 0
            ? null
            : typeof(HttpFunctionDeclarations).Assembly.GetType(entryPoint[..dot])?.GetMethod(entryPoint[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
        return method is null ? Undeclared : HttpFunctionDeclaration.Of(method);
    }
}
