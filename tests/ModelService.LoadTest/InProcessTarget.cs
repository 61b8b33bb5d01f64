using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core;
using ModelService.Core.Registry;
using ModelService.Core.Serving;

namespace ModelService.LoadTest;

/// <summary>
/// The same inference without HTTP: ModelServing.InferAsync, the call the HTTP function makes, over the same
/// registry. The difference to the HTTP figures is what the host, the proxy hop and the worker's pipeline cost.
/// </summary>
internal sealed class InProcessTarget : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _disk = Path.Combine(Path.GetTempPath(), $"modelsvc-load-{Guid.NewGuid():N}");

    public InProcessTarget(LoadTestOptions options)
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddModelServing(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ModelService:Storage:ConnectionString"] = options.Storage,
                ["ModelService:Registry:ContainerName"] = options.Container,
                ["ModelService:Cache:DiskPath"] = _disk,
            }).Build())
            .BuildServiceProvider();
    }

    public IModelRegistry Registry => _services.GetRequiredService<IModelRegistry>();

    public ModelServing Serving => _services.GetRequiredService<ModelServing>();

    public Func<CancellationToken, Task<bool>> Infer(string model, byte[] body) => async cancellationToken =>
    {
        var result = await Serving.InferAsync(model, null, body, cancellationToken);
        return result.ResponseJson.Length > 0;
    };

    public void Dispose()
    {
        _services.Dispose();
        try
        {
            Directory.Delete(_disk, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was cached.
        }
    }
}
