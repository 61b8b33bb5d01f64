using TorchSharp;

namespace ModelService.Trainer.Learning;

/// <summary>Where tensors live: CUDA when present (and not refused by configuration), else the CPU.</summary>
public sealed record TrainerDevice(torch.Device Device, string Description)
{
    /// <summary><paramref name="preference"/>: auto (CUDA if available), cpu, or cuda (fails without a GPU).</summary>
    public static TrainerDevice Select(string preference)
    {
        var cuda = preference != "cpu" && torch.cuda.is_available();
        if (preference == "cuda" && !cuda)
        {
            throw new InvalidOperationException("Device 'cuda' was requested but CUDA is not available (is this the CPU build of the trainer?).");
        }

        return cuda
            ? new TrainerDevice(torch.CUDA, $"cuda ({GpuName() ?? "GPU"}, {torch.cuda.device_count()} device(s))")
            : new TrainerDevice(torch.CPU, $"cpu ({Environment.ProcessorCount} cores)");
    }

    /// <summary>The NVIDIA driver names the GPU model in procfs; good enough for the model card.</summary>
    private static string? GpuName()
    {
        const string root = "/proc/driver/nvidia/gpus";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .Select(d => Path.Combine(d, "information"))
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Where(l => l.StartsWith("Model:", StringComparison.Ordinal))
            .Select(l => l["Model:".Length..].Trim())
            .FirstOrDefault();
    }
}
