using System.Security.Cryptography;
using ModelService.Onnx.Inspection;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Onnx.Quantization.Preparation;
using ModelService.Onnx.Quantization.Static;
using ModelService.Onnx.Reading;
using ModelService.Onnx.Writing;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// The whole quantize step as the CLI, the registry's push and the samples use it: read the file (refusing what
/// the reader refuses), quantize, run both models in ONNX Runtime on calibration inputs, and judge the figures.
/// Nothing is written: the caller keeps <see cref="QuantizationOutcome.QuantizedBytes"/> or not.
/// </summary>
public static class ModelQuantization
{
    public static async Task<QuantizationOutcome> QuantizeFileAsync(
        string path,
        DynamicQuantizationOptions options,
        QualityGate gate,
        CalibrationSet? calibration,
        CancellationToken cancellationToken) =>
        await QuantizeFileAsync(path, options, QuantizationMethodOptions.Dynamic, gate, calibration, cancellationToken);

    /// <summary>As above with a choice of method (dynamic, static QDQ, auto); tensor data in files beside the model is embedded first.</summary>
    public static async Task<QuantizationOutcome> QuantizeFileAsync(
        string path,
        DynamicQuantizationOptions options,
        QuantizationMethodOptions method,
        QualityGate gate,
        CalibrationSet? calibration,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gate);
        var source = await File.ReadAllBytesAsync(path, cancellationToken);
        var model = OnnxModelReader.ReadFile(path);
        if (ExternalDataEmbedding.Embed(model, Path.GetDirectoryName(Path.GetFullPath(path))!))
        {
            source = OnnxModelWriter.ToBytes(model);
        }

        return Quantize(model, source, options, method, gate, calibration, cancellationToken);
    }

    /// <summary>Quantizes a model already in memory; <paramref name="source"/> is its file as bytes, for the hash, size and the float run.</summary>
    public static QuantizationOutcome Quantize(
        ModelProto model,
        byte[] source,
        DynamicQuantizationOptions options,
        QualityGate gate,
        CalibrationSet? calibration,
        CancellationToken cancellationToken) =>
        Quantize(model, source, options, QuantizationMethodOptions.Dynamic, gate, calibration, cancellationToken);

    /// <summary>Quantizes a model already in memory with a choice of method; static quantization is judged on held-out calibration samples.</summary>
    public static QuantizationOutcome Quantize(
        ModelProto model,
        byte[] source,
        DynamicQuantizationOptions options,
        QuantizationMethodOptions method,
        QualityGate gate,
        CalibrationSet? calibration,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gate);

        // A quantized copy would not carry the external files along, so such models must be embedded first.
        if (OnnxGraphWalker.Tensors(model.Graph).Any(t => t.DataLocation == TensorProto.Types.DataLocation.External))
        {
            throw new OnnxFormatException("The model keeps tensor data in external files; embed the data in the .onnx file before quantizing.");
        }

        var before = ModelInspector.Inspect(model);
        if (before.Quantization != QuantizationKind.None)
        {
            throw new QuantizationException($"The model is already quantized ({before.Quantization}); quantize its float32 original instead.");
        }

        // Unnamed nodes get the names DynamicQuantizer gives them (operator type and position).
        var names = model.Graph.Node.Select((n, i) => n.Name.Length > 0 ? n.Name : $"{n.OpType}_{i}");
        var missing = options.ExcludedNodes.Except(names).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"--exclude names no node of the model: {string.Join(", ", missing)}.");
        }

        var run = MethodDispatch.Quantize(model, options, method, calibration, cancellationToken);
        var result = run.Result;
        if (result.QuantizedNodes.Count == 0)
        {
            var reasons = result.SkippedNodes.Count == 0 ? "it has no MatMul, Gemm or Conv" : string.Join("; ", result.SkippedNodes.Select(s => $"{s.Name}: {s.Reason}"));
            throw new QuantizationException($"Nothing in the model can be quantized ({reasons}).");
        }

        var bytes = OnnxModelWriter.ToBytes(result.Model);
        var evaluation = QuantizationEvaluator.Evaluate(source, bytes, run.Judge, cancellationToken);
        var saturation = options.WeightRange == WeightRange.Full && run.Choice?.Method != "static-int8-qdq" && evaluation.Inputs is { } inputs
            ? SaturationProbe.Count(result.Model, inputs, cancellationToken)
            : null;
        return new QuantizationOutcome(
            Convert.ToHexStringLower(SHA256.HashData(source)),
            source.LongLength,
            before,
            ModelInspector.Inspect(result.Model),
            bytes,
            result,
            evaluation,
            Judge(gate.Evaluate(evaluation.Quality), saturation))
        {
            // Static QDQ always keeps its weights in the reduced range (see QuantizationMethodOptions).
            WeightRange = run.Choice?.Method == "static-int8-qdq" ? WeightRange.Reduced : options.WeightRange,
            Saturation = saturation,
            Method = run.Choice,
            PreparationSteps = run.PreparationSteps,
        };
    }

    /// <summary>
    /// Full-range weights pass only when no pair sum saturates on the calibration data: otherwise an AVX2-only CPU
    /// computes other results than the ones the gate measured here, and the figures would not describe it.
    /// </summary>
    private static QualityVerdict Judge(QualityVerdict verdict, SaturationReport? saturation) =>
        saturation is { SaturatedPairs: > 0 } found
            ? new QualityVerdict(false, [.. verdict.Failures, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{found.SaturatedPairs} of {found.Pairs} int16 pair sums (first at node {found.FirstNode}) saturate on CPUs without VNNI, so AVX2-only CPUs would compute other results; use --weight-range reduced")])
            : verdict;
}
