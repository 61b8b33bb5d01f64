using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;

namespace ModelService.FunctionsHost.Http;

/// <summary>
/// One ASP.NET Core endpoint per HTTP-triggered function, so that ASP.NET Core routing does the matching: route
/// constraints ({v:int}), optional and catch-all parameters, 405 for a known path with another method.
/// </summary>
internal sealed class FunctionEndpointDataSource : EndpointDataSource, IDisposable
{
    private readonly object _gate = new();
    private readonly RequestDelegate _handler;
    private IReadOnlyList<Endpoint> _endpoints = [];
    private CancellationTokenSource _changed = new();

    public FunctionEndpointDataSource(RequestDelegate handler)
    {
        _handler = handler;
    }

    public override IReadOnlyList<Endpoint> Endpoints
    {
        get
        {
            lock (_gate)
            {
                return _endpoints;
            }
        }
    }

    public override IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>Replaces the endpoints (a restarted worker may have other functions) and tells routing.</summary>
    public void Update(IReadOnlyList<HttpFunction> functions)
    {
        var endpoints = functions.Select(Build).ToArray();
        CancellationTokenSource previous;
        lock (_gate)
        {
            _endpoints = endpoints;
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
        previous.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _changed.Dispose();
        }
    }

    // Every endpoint gets order 0 so that routing's own precedence decides: literal segments beat parameters.
    private Endpoint Build(HttpFunction function)
    {
        var builder = new RouteEndpointBuilder(_handler, RoutePatternFactory.Parse(function.RouteTemplate), order: 0)
        {
            DisplayName = function.Name,
        };
        builder.Metadata.Add(function);
        if (function.Methods.Count > 0)
        {
            builder.Metadata.Add(new HttpMethodMetadata(function.Methods));
        }

        return builder.Build();
    }
}
