using System.Globalization;
using ModelService.Core.Registry;

namespace ModelService.Functions.Contracts;

/// <summary>
/// <c>GET /api/models/{m}/versions/{v}/card</c> and v2 metadata's <c>parameters.card</c>: a version's model card
/// (docs/schemas/model-card.schema.json), the trainer's section for trained versions, and how it was quantized.
/// </summary>
public sealed record ModelCardResponse(
    string Model,
    string Version,
    string? Description,
    string? IntendedUse,
    string? Limitations,
    string? License,
    string? TrainingData,
    IReadOnlyDictionary<string, double>? EvaluationMetrics,
    IReadOnlyList<string>? ClassNames,
    IReadOnlyList<double>? ExplanationBaseline,
    TrainingProvenance? Training,
    string Quantization,
    QuantizationReport? QuantizationReport)
{
    public static ModelCardResponse From(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var card = manifest.Card;
        return new ModelCardResponse(
            manifest.Name,
            manifest.Version.ToString(CultureInfo.InvariantCulture),
            card.Description,
            card.IntendedUse,
            card.Limitations,
            card.License,
            card.TrainingData,
            card.EvaluationMetrics,
            card.ClassNames,
            card.ExplanationBaseline,
            card.Training,
            manifest.Quantization,
            manifest.QuantizationReport);
    }
}
