using System.Text.Json.Serialization;
using ModelService.Core.Registry;

namespace ModelService.Core.Serving;

/// <summary>The Open Inference Protocol v2 model metadata response.</summary>
public sealed record ModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)
{
    /// <summary>The resolved version's manifest, for its model card (v2 metadata <c>parameters.card</c>).</summary>
    [JsonIgnore]
    public ModelManifest? Manifest { get; init; }
}
