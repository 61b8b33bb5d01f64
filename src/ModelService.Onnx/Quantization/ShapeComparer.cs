namespace ModelService.Onnx.Quantization;

/// <summary>Compares tensor shapes by their dimensions.</summary>
internal sealed class ShapeComparer : IEqualityComparer<long[]>
{
    public static readonly ShapeComparer Instance = new();

    public bool Equals(long[]? x, long[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(long[] obj) => obj.Length;
}
