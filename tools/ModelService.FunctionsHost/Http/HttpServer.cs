using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelService.FunctionsHost.Http;

/// <summary>The public HTTP side on 127.0.0.1:port: routes to functions, 404 for anything else.</summary>
internal static class HttpServer
{
    // The real host's default request body limit (host.json http.maxRequestBodySize is not read here).
    private const long MaxRequestBodyBytes = 100 * 1024 * 1024;

    public static async Task<(WebApplication App, Uri Uri)> StartAsync(int port, FunctionEndpointDataSource endpoints, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddRouting();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        // Routing runs the matched function; a path no function claims falls through to the default 404.
        ((IEndpointRouteBuilder)app).DataSources.Add(endpoints);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }
}
