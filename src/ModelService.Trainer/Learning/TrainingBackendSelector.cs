using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelService.Trainer.Learning;

/// <summary>
/// Picks the backend once per process. libtorch needs a recent C++ runtime (TorchSharp 0.107's native library
/// wants GLIBCXX_3.4.32, i.e. GCC 13's libstdc++); where it cannot load (Debian 12 hosts, say) the trainer
/// still works on the CPU with the managed backend, and the model card says which one ran.
/// </summary>
public sealed class TrainingBackendSelector
{
    private readonly Lazy<ITrainingBackend> _backend;

    public TrainingBackendSelector(IOptions<TrainerOptions> options, ILogger<TrainingBackendSelector> logger)
    {
        var preference = options.Value.Device;
        _backend = new Lazy<ITrainingBackend>(() => Select(preference, logger));
    }

    public ITrainingBackend Backend => _backend.Value;

    private static ITrainingBackend Select(string preference, ILogger logger)
    {
        if (preference == "managed")
        {
            return new ManagedBackend();
        }

        try
        {
            return TorchBackend.Create(preference);
        }
        catch (Exception exception) when (preference != "cuda" && exception is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            logger.LogWarning("libtorch cannot be loaded here ({Reason}); training on the managed CPU backend", Innermost(exception).GetType().Name);
            return new ManagedBackend();
        }
    }

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;
}
