namespace ModelService.Onnx.Reading;

/// <summary>The bytes are not an ONNX model this library accepts. The message is safe to show to users.</summary>
public sealed class OnnxFormatException : Exception
{
    public OnnxFormatException()
    {
    }

    public OnnxFormatException(string message)
        : base(message)
    {
    }

    public OnnxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
