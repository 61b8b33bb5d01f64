using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Reading;

namespace ModelService.Onnx.Quantization.Preparation;

/// <summary>
/// Runs ONNX Runtime's own graph optimizer at the basic level and reads back the model it writes out. Basic
/// optimizations are provider-independent rewrites in standard ONNX operators (Constant nodes become initializers,
/// constant folding, Conv+BatchNormalization / Conv+Mul / Conv+Add fusion, Dropout and Identity elimination), so the
/// file stays portable; the extended and layout levels are not used here because their output is tied to the
/// machine that wrote it.
/// </summary>
internal static class OrtBasicOptimizer
{
    public static ModelProto Optimize(byte[] model)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"modelsvc-prepare-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "optimized.onnx");
        try
        {
            using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC, OptimizedModelFilePath = path })
            {
                try
                {
                    using var session = new InferenceSession(model, options);
                }
                catch (OnnxRuntimeException exception)
                {
                    throw new OnnxFormatException($"ONNX Runtime cannot load the model: {exception.Message.Split('\n', 2)[0].Trim()}");
                }
            }

            using var stream = File.OpenRead(path);
            return ModelProto.Parser.ParseFrom(stream);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
