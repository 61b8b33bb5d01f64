using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Onnx.Quantization.Static;
using ModelService.Onnx.Writing;

namespace ModelService.Onnx.Tests.Support;

/// <summary>Quantizes in-memory models through the whole pipeline (preparation, method, gate) and reads what ONNX Runtime makes of the result.</summary>
public static class StaticRun
{
    public static QuantizationOutcome Quantize(ModelProto model, QuantizationMethodOptions method, CalibrationSet? calibration, DynamicQuantizationOptions? options = null, QualityGate? gate = null) =>
        ModelQuantization.Quantize(model, OnnxModelWriter.ToBytes(model), options ?? new DynamicQuantizationOptions(), method, gate ?? new QualityGate(), calibration, CancellationToken.None);

    public static QuantizationMethodOptions Static(CalibrationMethod calibration = CalibrationMethod.MinMax) =>
        new() { Method = QuantizationMethod.Static, Calibration = calibration };

    public static CalibrationSet Generated(ModelProto model, int samples = 64, int seed = CalibrationGenerator.DefaultSeed)
    {
        using var session = new InferenceSession(OnnxModelWriter.ToBytes(model));
        return CalibrationGenerator.FromSchema(session, samples, seed);
    }

    /// <summary>The graph ONNX Runtime runs after its full optimization (QDQ fusion included), as written by OptimizedModelFilePath.</summary>
    public static ModelProto Optimized(byte[] model)
    {
        using var folder = new ModelService.Testing.TemporaryDirectory();
        var path = Path.Combine(folder.Path, "optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = path })
        using (new InferenceSession(model, options))
        {
        }

        using var stream = File.OpenRead(path);
        return ModelProto.Parser.ParseFrom(stream);
    }

    public static int Count(ModelProto model, string opType) => model.Graph.Node.Count(n => n.OpType == opType);
}
