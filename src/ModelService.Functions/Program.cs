using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ModelService.Core;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddModelServing(builder.Configuration);
builder.Services.AddTenancy(builder.Configuration);
builder.Services.AddTrainingJobs(builder.Configuration);
builder.Build().Run();
