using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ModelService.Functions.Telemetry;

/// <summary>
/// OpenTelemetry for the worker: the service's spans and metrics (<see cref="ModelServiceTelemetry"/>) with the
/// worker's own, exported to Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (the Bicep sets
/// it, with Entra authentication through the app's managed identity), to the console when
/// <c>ModelService:Telemetry:Console</c> is true, and (registered by the composition root) always to the local Prometheus view behind <c>GET /metrics</c>.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddModelServiceTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(ModelServiceTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(ModelServiceTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            var clientId = configuration["AZURE_CLIENT_ID"];
            telemetry.UseAzureMonitorExporter(options =>
            {
                if (!string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]))
                {
                    options.Credential = string.IsNullOrWhiteSpace(clientId) ? new DefaultAzureCredential() : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            });
        }

        if (configuration.GetValue<bool>("ModelService:Telemetry:Console"))
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter()).WithMetrics(metrics => metrics.AddConsoleExporter());
        }

        return services;
    }
}
