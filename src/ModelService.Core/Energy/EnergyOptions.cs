using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Energy;

/// <summary>
/// The power model that turns measured compute time into energy and CO2e on every usage event (docs/energy.md).
/// <see cref="Pue"/> and <see cref="GridGramsCo2ePerKwh"/> default to the <see cref="Region"/>'s figures in
/// <see cref="EnergyRegions"/>; set them to override.
/// </summary>
public sealed class EnergyOptions : IValidatableObject
{
    public const string SectionName = "ModelService:Energy";

    /// <summary>A key of <see cref="EnergyRegions"/>: where the service runs, for its default PUE and grid intensity.</summary>
    [Required]
    public string Region { get; set; } = EnergyRegions.Global;

    /// <summary>Power drawn by one busy core (vCPU) while a call computes.</summary>
    [Range(0.0, 1000.0)]
    public double WattsPerCore { get; set; } = 4;

    /// <summary>Cores one inference call keeps busy (ONNX Runtime's intra-op threads).</summary>
    [Range(1, 1024)]
    public int CoresPerCall { get; set; } = 1;

    /// <summary>Power usage effectiveness of the data centre (facility power / IT power); null: the region's.</summary>
    [Range(1.0, 3.0)]
    public double? Pue { get; set; }

    /// <summary>Grams of CO2e per kWh drawn from the grid; null: the region's.</summary>
    [Range(0.0, 2000.0)]
    public double? GridGramsCo2ePerKwh { get; set; }

    /// <summary>Power of the trainer's device when a job ran on a GPU (the job's device starts with "cuda").</summary>
    [Range(0.0, 10000.0)]
    public double TrainingGpuWatts { get; set; } = 300;

    /// <summary>Power of the trainer's device when a job ran on CPUs (the whole trainer replica's cores).</summary>
    [Range(0.0, 10000.0)]
    public double TrainingCpuWatts { get; set; } = 8;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!EnergyRegions.TryGet(Region, out _))
        {
            yield return new ValidationResult(
                $"Region must be one of {string.Join(", ", EnergyRegions.Names)}; set Pue and GridGramsCo2ePerKwh to use figures of your own.",
                [nameof(Region)]);
        }
    }
}
