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
        if (dot < 0)
        {
            return Undeclared;
        }

        // The function method itself, not an overload that shares its name.
        var name = entryPoint[(dot + 1)..];
        var method = typeof(HttpFunctionDeclarations).Assembly.GetType(entryPoint[..dot])?
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == name && m.GetCustomAttribute<FunctionAttribute>() is not null);
        return method is null ? Undeclared : HttpFunctionDeclaration.Of(method);
    }
}
