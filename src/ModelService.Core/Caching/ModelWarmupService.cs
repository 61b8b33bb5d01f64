using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Registry;

namespace ModelService.Core.Caching;

/// <summary>Loads the configured warm-up models in the background at start-up; a failure is logged, never fatal.</summary>
public sealed class ModelWarmupService : BackgroundService
{
    private readonly ModelResolver _resolver;
    private readonly ModelSessionCache _cache;
    private readonly IReadOnlyList<string> _models;
    private readonly ILogger<ModelWarmupService> _logger;

    public ModelWarmupService(ModelResolver resolver, ModelSessionCache cache, IOptions<ModelCacheOptions> options, ILogger<ModelWarmupService> logger)
    {
        _resolver = resolver;
        _cache = cache;
        _models = [.. options.Value.WarmupModels];
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var model in _models)
        {
            await WarmAsync(model, stoppingToken);
        }
    }

    private async Task WarmAsync(string model, CancellationToken cancellationToken)
    {
        try
        {
            var reference = ModelReference.Parse(model);
            var manifest = await _resolver.ResolveAsync(reference.Name, reference.Version, cancellationToken);
            using var lease = await _cache.AcquireAsync(manifest, cancellationToken);
            _logger.LogInformation("Warmed model {Model} version {Version}", manifest.Name, manifest.Version);
        }
        catch (ModelServiceException exception)
        {
            _logger.LogWarning("Could not warm model {Model}: {Code} {Reason}", model, exception.Code, exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogWarning(exception, "Could not warm model {Model}", model);
        }
    }
}
