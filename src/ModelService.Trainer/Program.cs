using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelService.Trainer;
using ModelService.Trainer.Worker;

// A run-to-completion worker: handle the queue's jobs, then exit so the Container Apps Job execution ends.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddTrainer(builder.Configuration);
using var host = builder.Build();
await host.StartAsync();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
await host.Services.GetRequiredService<TrainerWorker>().RunAsync(lifetime.ApplicationStopping);
await host.StopAsync();
