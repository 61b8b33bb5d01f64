namespace ModelService.Onnx.Quantization.Preparation;

/// <summary>How an attribute that became an input is stored: a float scalar (Clip's bounds) or an int64 list (axes, split).</summary>
internal enum Scalar
{
    Float,
    Int64List,
}
