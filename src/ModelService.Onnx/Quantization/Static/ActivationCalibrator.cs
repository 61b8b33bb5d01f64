using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization.Calibration;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// Measures the range of intermediate activations: the float model is run in ONNX Runtime with those tensors added as
/// graph outputs, on the calibration inputs. MinMax needs one pass; Percentile a second one to fill histograms over
/// the first pass's ranges. Tensor values are only folded into ranges, never kept.
/// </summary>
internal static class ActivationCalibrator
{
    public static Dictionary<string, ActivationRange> Calibrate(
        ModelProto model,
        IReadOnlyCollection<string> tensors,
        CalibrationSet calibration,
        QuantizationMethodOptions options,
        CancellationToken cancellationToken)
    {
        var names = tensors.ToList();
        using var session = Open(model, names);
        var ranges = names.ToDictionary(name => name, _ => new ActivationRange(float.PositiveInfinity, float.NegativeInfinity), StringComparer.Ordinal);
        Run(session, calibration, names, (name, values) =>
        {
            var (min, max) = (ranges[name].Min, ranges[name].Max);
            foreach (var value in values)
            {
                if (!float.IsNaN(value))
                {
                    (min, max) = (MathF.Min(min, value), MathF.Max(max, value));
                }
            }

            ranges[name] = new ActivationRange(min, max);
        }, cancellationToken);

        var seen = ranges.ToDictionary(p => p.Key, p => float.IsFinite(p.Value.Min) ? p.Value : new ActivationRange(0, 0), StringComparer.Ordinal);
        if (options.Calibration == CalibrationMethod.MinMax)
        {
            return seen;
        }

        var histograms = seen.ToDictionary(p => p.Key, p => new RangeHistogram(p.Value.Min, p.Value.Max), StringComparer.Ordinal);
        Run(session, calibration, names, (name, values) => histograms[name].Add(values), cancellationToken);
        return histograms.ToDictionary(p => p.Key, p => p.Value.Range(options.Percentile), StringComparer.Ordinal);
    }

    private static InferenceSession Open(ModelProto model, List<string> tensors)
    {
        var probe = model.Clone();
        var outputs = probe.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in tensors.Where(t => !outputs.Contains(t)))
        {
            probe.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } },
            });
        }

        try
        {
            // The graph is run as written so every tensor asked for exists; optimizing it would only cost time here.
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
            return new InferenceSession(probe.ToByteArray(), options);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new QuantizationException($"ONNX Runtime cannot run the model for calibration: {exception.Message.Split('\n', 2)[0].Trim()}", exception);
        }
    }

    private static void Run(InferenceSession session, CalibrationSet calibration, List<string> tensors, Action<string, ReadOnlySpan<float>> observe, CancellationToken cancellationToken)
    {
        foreach (var batch in calibration.Batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inputNames = batch.Inputs.Select(input => input.Name).ToList();
            var missing = session.InputMetadata.Keys.Except(inputNames, StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                throw new FormatException($"The calibration inputs lack {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
            }

            var values = batch.Inputs.Select(CalibrationValues.Create).ToList();
            try
            {
                using var runOptions = new RunOptions();
                using var results = session.Run(runOptions, inputNames, values, tensors);
                for (var i = 0; i < tensors.Count; i++)
                {
                    observe(tensors[i], results[i].GetTensorDataAsSpan<float>());
                }
            }
            catch (OnnxRuntimeException exception)
            {
                throw new FormatException($"ONNX Runtime cannot run the model on the calibration inputs: {exception.Message.Split('\n', 2)[0].Trim()}", exception);
            }
            finally
            {
                values.ForEach(value => value.Dispose());
            }
        }
    }
}
