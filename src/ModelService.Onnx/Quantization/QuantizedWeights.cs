using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// Symmetric 8-bit weights laid out like the float source, with one scale (per tensor) or one per channel.
/// Real value ≈ Values[i] × Scales[channel of i]. Stored as int8 with zero point 0, or when
/// <paramref name="Unsigned"/> as uint8 Values[i] + 128 with zero point 128.
/// </summary>
internal sealed record QuantizedWeights(sbyte[] Values, float[] Scales, bool Unsigned)
{
    public const byte UnsignedZeroPoint = 128;

    /// <summary>Int8 weights with zero point 0.</summary>
    public QuantizedWeights(sbyte[] values, float[] scales)
        : this(values, scales, false)
    {
    }

    public TensorProto Tensor(string name, params long[] dims) => Unsigned
        ? OnnxTensors.UInt8(name, Values.Select(v => (byte)(v + UnsignedZeroPoint)).ToArray(), dims)
        : OnnxTensors.Int8(name, Values, dims);
}
