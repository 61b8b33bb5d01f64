using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelService.Core;
using ModelService.Functions.Http;
using ModelService.Functions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddModelServing(builder.Configuration);
builder.Services.AddTenancy(builder.Configuration);
builder.Services.AddBilling(builder.Configuration);
builder.Services.AddPredictions(builder.Configuration);
builder.Services.AddSingleton<RequestAuthenticator>();
builder.Services.AddTrainingJobs(builder.Configuration);
builder.Services.AddModelServiceTelemetry(builder.Configuration);
builder.Build().Run();
