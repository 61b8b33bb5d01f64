using ModelService.Core.Registry;

namespace ModelService.Functions.Contracts;

/// <summary>One input or output of a model in v2 metadata: -1 marks a dynamic dimension.</summary>
public sealed record TensorMetadataResponse(string Name, string Datatype, IReadOnlyList<long> Shape)
{
    public static TensorMetadataResponse From(TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new TensorMetadataResponse(spec.Name, spec.Datatype, spec.Shape);
    }
}
