namespace ModelService.Core.Registry;

/// <summary>What an operator asks for when publishing a model file.</summary>
public sealed record ModelPublication
{
    public required string Name { get; init; }

    /// <summary>The version to create; null takes the next free number.</summary>
    public int? Version { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public ModelPricing? Pricing { get; init; }

    /// <summary>The input whose leading size per-item pricing counts; null: the first dynamic-batch output's.</summary>
    public string? BatchInput { get; init; }

    /// <summary>Makes the model private to this tenant; every version of a model has the same owner.</summary>
    public string? Owner { get; init; }

    public ModelCard Card { get; init; } = ModelCard.Empty;

    /// <summary>How the file was quantized from its float original, when it was; copied into the manifest.</summary>
    public QuantizationReport? QuantizationReport { get; init; }
}
