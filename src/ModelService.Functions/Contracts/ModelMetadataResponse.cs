using ModelService.Core.Serving;

namespace ModelService.Functions.Contracts;

/// <summary><c>GET /v2/models/{m}[/versions/{v}]</c>: the Open Inference Protocol v2 model metadata.</summary>
public sealed record ModelMetadataResponse(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadataResponse> Inputs, IReadOnlyList<TensorMetadataResponse> Outputs)
{
    public ModelMetadataParameters? Parameters { get; init; }

    public static ModelMetadataResponse From(ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new ModelMetadataResponse(
            metadata.Name,
            metadata.Versions,
            metadata.Platform,
            [.. metadata.Inputs.Select(TensorMetadataResponse.From)],
            [.. metadata.Outputs.Select(TensorMetadataResponse.From)])
        {
            Parameters = metadata.Manifest is { } manifest ? new ModelMetadataParameters(ModelCardResponse.From(manifest)) : null,
        };
    }
}
