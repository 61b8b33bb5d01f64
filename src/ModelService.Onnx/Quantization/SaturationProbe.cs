using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization.Calibration;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// Judges full-range int8 weights as an AVX2-only CPU would run them: runs the quantized model on the calibration
/// inputs with the uint8 activations of every int8 MatMulInteger exposed as outputs, and counts with
/// <see cref="Int16PairSums"/> the pair sums that would saturate there. None means the integer results on the
/// calibration data are the same on every CPU, so the gate's figures hold on every CPU for that data.
/// </summary>
internal static class SaturationProbe
{
    public static SaturationReport Count(ModelProto quantized, CalibrationSet calibration, CancellationToken cancellationToken)
    {
        try
        {
            return CountCore(quantized, calibration, cancellationToken);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new QuantizationException($"ONNX Runtime cannot run the saturation check: {exception.Message.Split('\n', 2)[0].Trim()}", exception);
        }
    }

    private static SaturationReport CountCore(ModelProto quantized, CalibrationSet calibration, CancellationToken cancellationToken)
    {
        var probed = quantized.Clone();
        var initializers = probed.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var nodes = probed.Graph.Node
            .Where(n => n.OpType == "MatMulInteger" && n.Input.Count >= 2 && initializers.TryGetValue(n.Input[1], out var w) && w.DataType == (int)DataType.Int8 && w.Dims.Count == 2)
            .Select(n => (Node: n, Weights: initializers[n.Input[1]]))
            .ToList();
        if (nodes.Count == 0)
        {
            return new SaturationReport(0, 0, null);
        }

        var exposed = new HashSet<string>(probed.Graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        foreach (var activation in nodes.Select(n => n.Node.Input[0]).Where(exposed.Add))
        {
            probed.Graph.Output.Add(new ValueInfoProto { Name = activation, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Uint8 } } });
        }

        using var session = new InferenceSession(Writing.OnnxModelWriter.ToBytes(probed));
        long saturated = 0, pairs = 0;
        string? first = null;
        var activations = nodes.Select(n => n.Node.Input[0]).Distinct(StringComparer.Ordinal).ToList();
        foreach (var batch in calibration.Batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = QuantizationEvaluator.Values(session, batch);
            try
            {
                using var runOptions = new RunOptions();
                using var results = session.Run(runOptions, batch.Inputs.Select(i => i.Name).ToList(), values, activations);
                var byName = activations.Zip(results).ToDictionary(pair => pair.First, pair => pair.Second.GetTensorDataAsSpan<byte>().ToArray(), StringComparer.Ordinal);
                foreach (var (node, weights) in nodes)
                {
                    var data = byName[node.Input[0]];
                    var (inner, columns) = ((int)weights.Dims[0], (int)weights.Dims[1]);
                    var rows = data.Length / inner;
                    var count = Int16PairSums.CountSaturated(data, Int8Data(weights), rows, inner, columns);
                    pairs += (long)rows * ((inner + 1) / 2) * columns;
                    saturated += count;
                    first ??= count > 0 ? node.Name : null;
                }
            }
            finally
            {
                values.ForEach(value => value.Dispose());
            }
        }

        return new SaturationReport(saturated, pairs, first);
    }

    private static sbyte[] Int8Data(TensorProto tensor) => tensor.RawData.Length > 0
        ? MemoryMarshal.Cast<byte, sbyte>(tensor.RawData.Span).ToArray()
        : [.. tensor.Int32Data.Select(v => (sbyte)v)];
}
