namespace ModelService.Onnx.Inspection;

/// <summary>A graph input or output as declared in the file. <see cref="Dimensions"/> is null when the rank is unknown.</summary>
public sealed record TensorDescription(string Name, string ElementType, IReadOnlyList<TensorDimension>? Dimensions)
{
    public override string ToString() =>
        Dimensions is null ? $"{Name}: {ElementType}" : $"{Name}: {ElementType}[{string.Join(',', Dimensions)}]";
}
