using System.Globalization;

namespace ModelService.Onnx.Inspection;

/// <summary>One declared dimension: a size, a symbolic name such as "batch", or neither when the file leaves it open.</summary>
public sealed record TensorDimension(long? Size, string? Symbol)
{
    public bool IsKnown => Size is not null;

    public override string ToString() => Size?.ToString(CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}
