using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Writing;

namespace ModelService.Onnx.Tests.Support;

/// <summary>Runs a float model and its quantized form on the same input and measures how far they drift.</summary>
public static class QuantizationRun
{
    public static QuantizationQuality Compare(ModelProto reference, ModelProto candidate, OrtInput input, string output, int rowWidth)
    {
        using var referenceSession = new OrtModel(OnnxModelWriter.ToBytes(reference));
        using var candidateSession = new OrtModel(OnnxModelWriter.ToBytes(candidate));
        var expected = (float[])referenceSession.Run(input)[output];
        var actual = (float[])candidateSession.Run(input)[output];
        return QuantizationQuality.Measure(expected, actual, rowWidth);
    }

    public static float[] Uniform(int seed, int count, float low = -1f, float high = 1f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => low + (random.NextSingle() * (high - low))).ToArray();
    }
}
