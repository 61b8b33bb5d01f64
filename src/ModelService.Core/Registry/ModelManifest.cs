using System.Text.Json.Serialization;

namespace ModelService.Core.Registry;

/// <summary>
/// Everything known about one immutable model version. Written once next to the model file; the model's
/// sha256 in it is checked before any session is created from the file.
/// </summary>
public sealed record ModelManifest
{
    public required string Name { get; init; }

    public required int Version { get; init; }

    public required string Sha256 { get; init; }

    public required long SizeBytes { get; init; }

    public required IReadOnlyList<TensorSpec> Inputs { get; init; }

    public required IReadOnlyList<TensorSpec> Outputs { get; init; }

    /// <summary>Detected from the graph: none, float16, dynamic-int8, qdq, qoperator, int4-weight-only, mixed.</summary>
    public required string Quantization { get; init; }

    /// <summary>Null: the service's default price applies at call time (Billing options).</summary>
    public ModelPricing? Pricing { get; init; }

    /// <summary>
    /// The input whose leading size is the number of billed items, set at publish (<c>--batch-input</c>); null:
    /// the leading size of the first output with a dynamic leading dimension (see <see cref="ModelSignature"/>).
    /// </summary>
    public string? BatchInput { get; init; }

    /// <summary>The tenant a private model belongs to; null for a model every tenant may call.</summary>
    public string? Owner { get; init; }

    public required ModelCard Card { get; init; }

    public required OnnxFacts Onnx { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set when the version was quantized on publish; manifests written before this existed leave it out.</summary>
    public QuantizationReport? QuantizationReport { get; init; }

    [JsonIgnore]
    public ModelSignature Signature => new(Inputs, Outputs, BatchInput);
}
