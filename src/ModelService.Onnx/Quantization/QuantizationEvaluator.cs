using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Onnx.Reading;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// Runs a float model and its quantized form in ONNX Runtime on the same calibration inputs and measures how far
/// the quantized outputs drift. Loading the quantized bytes here is also the check that ONNX Runtime accepts them.
/// Every float output is compared; top-1 agreement is measured on rank-2 outputs ([batch, classes]), the shape of
/// logits and probabilities, and counts as 1 elsewhere. Non-float outputs (labels, flags) are derived from the
/// float ones and are not compared.
/// </summary>
public static class QuantizationEvaluator
{
    public static QuantizationEvaluation Evaluate(byte[] reference, byte[] candidate, CalibrationSet? calibration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        using var referenceSession = Load(reference, text => new OnnxFormatException($"ONNX Runtime cannot load the model: {text}"));
        using var candidateSession = Load(candidate, text => new QuantizationException($"ONNX Runtime cannot load the quantized model: {text}"));
        calibration ??= CalibrationGenerator.FromSchema(referenceSession);
        var outputs = referenceSession.OutputMetadata
            .Where(pair => pair.Value.IsTensor && pair.Value.ElementDataType == TensorElementType.Float)
            .Select(pair => pair.Key)
            .ToList();
        if (outputs.Count == 0)
        {
            throw new QuantizationException("The model has no float32 output to compare, so the quantized model cannot be checked.");
        }

        // Each output's values are gathered over all batches and measured once, so the figures describe every sample.
        var expected = outputs.Select(_ => new OutputValues()).ToList();
        var actual = outputs.Select(_ => new OutputValues()).ToList();
        foreach (var batch in calibration.Batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Append(expected, Run(referenceSession, batch, outputs));
            Append(actual, Run(candidateSession, batch, outputs));
        }

        var measurements = expected.Select((values, i) => Compare(outputs[i], values, actual[i]));
        return new QuantizationEvaluation(QuantizationQuality.Worst(measurements), calibration.Samples, calibration.Source) { Inputs = calibration };
    }

    private static void Append(List<OutputValues> gathered, List<(float[] Values, long[] Shape)> results)
    {
        for (var i = 0; i < results.Count; i++)
        {
            gathered[i].Add(results[i].Values, results[i].Shape);
        }
    }

    private static QuantizationQuality Compare(string output, OutputValues expected, OutputValues actual)
    {
        if (!expected.Shapes.SequenceEqual(actual.Shapes, ShapeComparer.Instance))
        {
            throw new QuantizationException($"The quantized model's output '{output}' differs in shape from the float model's.");
        }

        return expected.ClassCount is { } classes
            ? QuantizationQuality.Measure(expected.Values.ToArray(), actual.Values.ToArray(), classes)
            : QuantizationQuality.MeasureValues(expected.Values.ToArray(), actual.Values.ToArray());
    }

    private static InferenceSession Load(byte[] model, Func<string, Exception> failure)
    {
        try
        {
            return new InferenceSession(model);
        }
        catch (OnnxRuntimeException exception)
        {
            throw failure(exception.Message.Split('\n', 2)[0].Trim());
        }
    }

    /// <summary>The batch as ONNX Runtime values, in the order of its inputs; the caller disposes them.</summary>
    internal static List<OrtValue> Values(InferenceSession session, CalibrationBatch batch)
    {
        var missing = session.InputMetadata.Keys.Except(batch.Inputs.Select(input => input.Name), StringComparer.Ordinal).ToList();
        return missing.Count > 0
            ? throw new FormatException($"The calibration inputs lack {string.Join(", ", missing.Select(m => $"'{m}'"))}.")
            : [.. batch.Inputs.Select(Create)];
    }

    private static List<(float[] Values, long[] Shape)> Run(InferenceSession session, CalibrationBatch batch, List<string> outputs)
    {
        var names = batch.Inputs.Select(input => input.Name).ToList();

        var values = Values(session, batch);
        try
        {
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, names, values, outputs);
            return [.. results.Select(result => (result.GetTensorDataAsSpan<float>().ToArray(), result.GetTensorTypeAndShape().Shape))];
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

    private static OrtValue Create(CalibrationTensor tensor) => tensor.Data switch
    {
        float[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        double[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        long[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        int[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        bool[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        _ => throw new FormatException($"Calibration input '{tensor.Name}' holds {tensor.Data.GetType().Name}, which is not supported."),
    };
}
