using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ModelService.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.AddModelServiceFunctions();
builder.Build().Run();
