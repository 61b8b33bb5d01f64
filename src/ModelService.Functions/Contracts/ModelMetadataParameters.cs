namespace ModelService.Functions.Contracts;

/// <summary>v2 model metadata's <c>parameters</c>: the resolved version's model card.</summary>
public sealed record ModelMetadataParameters(ModelCardResponse Card);
