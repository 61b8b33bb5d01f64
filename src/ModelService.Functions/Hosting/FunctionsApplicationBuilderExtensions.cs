using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using ModelService.Functions.Middleware;
using ModelService.Functions.Telemetry;

namespace ModelService.Functions.Hosting;

/// <summary>The worker's start-up: ASP.NET Core HTTP integration and the app's services.</summary>
public static class FunctionsApplicationBuilderExtensions
{
    public static FunctionsApplicationBuilder AddModelServiceFunctions(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddModelServiceFunctions(builder.Configuration);
        builder.Services.AddModelServiceTelemetry(builder.Configuration);

        // After the ASP.NET Core integration's own middleware, so the HTTP context is there and an error answer set
        // here is written by it.
        builder.UseMiddleware<HttpFunctionMiddleware>();
        return builder;
    }
}
