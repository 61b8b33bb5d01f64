namespace ModelService.Onnx.Quantization.Preparation;

/// <summary>How an attribute that became an input is stored: a float scalar (Clip's bounds), an int64 list (axes, split) or one int64 as a 1-D tensor (TopK's k).</summary>
internal enum Scalar
{
    Float,
    Int64List,
    Int64,
}
