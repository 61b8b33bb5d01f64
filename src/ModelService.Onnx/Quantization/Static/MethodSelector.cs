using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// Resolves <see cref="QuantizationMethod.Auto"/>: static QDQ for conv-dominated graphs when calibration data is
/// given (ONNX Runtime's dynamic ConvInteger is slower than float, its QLinearConv faster), dynamic otherwise
/// (MatMul/Gemm-dominated graphs lose nothing without calibration). "Conv-dominated" is judged by constant weight
/// elements; a convolution does at least one multiply per weight per output position, so this understates its
/// share of the work.
/// </summary>
internal static class MethodSelector
{
    public static (QuantizationMethod Method, string Reason) Resolve(ModelProto model, QuantizationMethod requested, bool hasCalibration)
    {
        if (requested != QuantizationMethod.Auto)
        {
            return (requested, $"{requested.ToString().ToLowerInvariant()} was asked for");
        }

        var constants = model.Graph.Initializer.GroupBy(t => t.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Dims.Aggregate(1L, (a, b) => a * b), StringComparer.Ordinal);
        long Weights(string op) => model.Graph.Node.Where(n => n.OpType == op && n.Input.Count > 1)
            .Sum(n => constants.GetValueOrDefault(n.Input[1]));
        var conv = Weights("Conv");
        var dense = Weights("MatMul") + Weights("Gemm");
        var share = conv + dense == 0 ? 0 : conv / (double)(conv + dense);
        var shareText = $"Conv holds {share:P0} of the quantizable weights";
        if (share < 0.5)
        {
            return (QuantizationMethod.Dynamic, $"auto: {shareText}, so MatMul/Gemm dominate");
        }

        return hasCalibration
            ? (QuantizationMethod.Static, $"auto: {shareText} and calibration data was given")
            : (QuantizationMethod.Dynamic, $"auto: {shareText}, but no calibration data was given, which static quantization needs");
    }
}
