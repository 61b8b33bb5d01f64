using ModelService.Core.Training;
using ModelService.Trainer.Data;
using TorchSharp;

namespace ModelService.Trainer.Learning;

/// <summary>TorchSharp on CUDA when present (and not refused by configuration), else on the CPU.</summary>
public sealed class TorchBackend : ITrainingBackend
{
    private readonly torch.Device _device;

    private TorchBackend(torch.Device device, string description)
    {
        _device = device;
        Description = description;
    }

    public string Description { get; }

    /// <summary><paramref name="preference"/>: auto (CUDA if available), cpu, or cuda (fails without a GPU).</summary>
    public static TorchBackend Create(string preference)
    {
        var cuda = preference != "cpu" && torch.cuda.is_available();
        if (preference == "cuda" && !cuda)
        {
            throw new InvalidOperationException("Device 'cuda' was requested but CUDA is not available (is this the CPU build of the trainer?).");
        }

        return cuda
            ? new TorchBackend(torch.CUDA, $"cuda ({GpuName() ?? "GPU"}, {torch.cuda.device_count()} device(s))")
            : new TorchBackend(torch.CPU, $"cpu ({Environment.ProcessorCount} cores, libtorch)");
    }

    public IEpochModel Create(DataSplit split, TargetScale target, TrainingHyperparameters hyperparameters) =>
        new TorchEpochModel(split, target, hyperparameters, _device);

    /// <summary>The NVIDIA driver names the GPU model in procfs; good enough for the model card.</summary>
    private static string? GpuName()
    {
        const string root = "/proc/driver/nvidia/gpus";
        return !Directory.Exists(root)
            ? null
            : Directory.EnumerateDirectories(root)
                .Select(d => Path.Combine(d, "information"))
                .Where(File.Exists)
                .SelectMany(File.ReadLines)
                .Where(l => l.StartsWith("Model:", StringComparison.Ordinal))
                .Select(l => l["Model:".Length..].Trim())
                .FirstOrDefault();
    }
}
