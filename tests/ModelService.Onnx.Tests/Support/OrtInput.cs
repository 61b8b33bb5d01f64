namespace ModelService.Onnx.Tests.Support;

/// <summary>A named input tensor for <see cref="OrtModel"/>.</summary>
public sealed record OrtInput(string Name, Array Data, long[] Shape)
{
    public static OrtInput Float(string name, float[] data, params long[] shape) => new(name, data, shape);

    public static OrtInput Int64(string name, long[] data, params long[] shape) => new(name, data, shape);
}
