using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

namespace ModelService.Functions.Hosting;

/// <summary>The worker's start-up: ASP.NET Core HTTP integration and the app's services.</summary>
public static class FunctionsApplicationBuilderExtensions
{
    public static FunctionsApplicationBuilder AddModelServiceFunctions(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddModelServiceFunctions(builder.Configuration);
        return builder;
    }
}
