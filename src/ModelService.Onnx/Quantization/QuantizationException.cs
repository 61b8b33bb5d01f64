namespace ModelService.Onnx.Quantization;

/// <summary>A model the quantizer refuses (already quantized, nothing to quantize) or a result ONNX Runtime cannot load. The message is safe to show to users.</summary>
public sealed class QuantizationException : Exception
{
    public QuantizationException()
    {
    }

    public QuantizationException(string message)
        : base(message)
    {
    }

    public QuantizationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
