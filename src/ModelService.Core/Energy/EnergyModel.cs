using Microsoft.Extensions.Options;

namespace ModelService.Core.Energy;

/// <summary>
/// energy = compute time × watts × PUE; CO2e = energy × grid intensity (docs/energy.md). Worked in decimal and
/// rounded half away from zero once per figure, so the same compute time always gives the same integers and
/// anyone can recompute an event's figures from its compute time and the settings.
/// </summary>
public sealed class EnergyModel
{
    // 1 µs at 1 W is 1 µJ, and 1 nWh is 3.6 µJ.
    private const decimal MicrojoulesPerNanoWattHour = 3.6m;

    // 1 nWh at 1 g/kWh is 1e-12 kWh × 1 g = 1e-3 ng.
    private const decimal NanoWattHoursPerKwhGramNanogram = 1000m;

    private readonly decimal _inferenceWatts;
    private readonly decimal _gpuWatts;
    private readonly decimal _cpuWatts;

    public EnergyModel(IOptions<EnergyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var region = EnergyRegions.TryGet(settings.Region, out var known) ? known : throw new InvalidOperationException($"Unknown energy region '{settings.Region}'.");
        Pue = settings.Pue is { } pue ? (decimal)pue : region.Pue;
        GridGramsCo2ePerKwh = settings.GridGramsCo2ePerKwh is { } grid ? (decimal)grid : region.GridGramsCo2ePerKwh;
        _inferenceWatts = (decimal)settings.WattsPerCore * settings.CoresPerCall;
        _gpuWatts = (decimal)settings.TrainingGpuWatts;
        _cpuWatts = (decimal)settings.TrainingCpuWatts;
    }

    public decimal Pue { get; }

    public decimal GridGramsCo2ePerKwh { get; }

    /// <summary>One inference call that computed for <paramref name="computeMicros"/> on the configured cores.</summary>
    public EnergyFootprint ForInference(long computeMicros) => Of(computeMicros, _inferenceWatts, Pue, GridGramsCo2ePerKwh);

    /// <summary>A training job's compute time on its device: a GPU when the job's device names CUDA, else CPUs.</summary>
    public EnergyFootprint ForTraining(long computeMicros, string? device) =>
        Of(computeMicros, IsGpu(device) ? _gpuWatts : _cpuWatts, Pue, GridGramsCo2ePerKwh);

    public static bool IsGpu(string? device) => device is not null && device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase);

    /// <summary>The arithmetic itself: what the tests and docs/energy.md state.</summary>
    public static EnergyFootprint Of(long computeMicros, decimal watts, decimal pue, decimal gridGramsCo2ePerKwh)
    {
        if (computeMicros <= 0)
        {
            return EnergyFootprint.None;
        }

        var energy = Math.Round(computeMicros * watts * pue / MicrojoulesPerNanoWattHour, MidpointRounding.AwayFromZero);
        var co2e = Math.Round(energy * gridGramsCo2ePerKwh / NanoWattHoursPerKwhGramNanogram, MidpointRounding.AwayFromZero);
        return new EnergyFootprint((long)energy, (long)co2e);
    }
}
