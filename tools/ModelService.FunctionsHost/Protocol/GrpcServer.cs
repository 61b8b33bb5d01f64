using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Worker;

namespace ModelService.FunctionsHost.Protocol;

/// <summary>The gRPC endpoint workers dial: HTTP/2 without TLS on a free loopback port, as the real host runs it.</summary>
internal static class GrpcServer
{
    public static async Task<(WebApplication App, Uri Uri)> StartAsync(WorkerConnections connections, WorkerLogForwarder logs, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(connections);
        builder.Services.AddSingleton(logs);
        builder.Services.AddGrpc(options =>
        {
            // Inference payloads can be large; the real host lifts the limits the same way.
            options.MaxReceiveMessageSize = null;
            options.MaxSendMessageSize = null;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }
}
