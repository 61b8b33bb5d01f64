using System.Globalization;
using ModelService.Core.Registry;
using ModelService.Onnx.Reading;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Calibration;

namespace ModelService.Trainer.Export;

/// <summary>
/// Dynamic int8 quantization of the trained network, judged by the quality gate on the job's own validation rows:
/// the int8 file is published when it passes, the float one (with the reason on the model card) when it does not.
/// It is the engine <c>modelsvc models quantize</c> and <c>push --quantize int8</c> use (ModelQuantization with the
/// default options: reduced weight range, exact on every CPU), and it hands the same QuantizationReport to the manifest.
/// </summary>
public sealed class QuantizeStage : IModelPostProcessor
{
    // Enough rows for stable figures, few enough to keep the check to milliseconds.
    private const int MaxCalibrationRows = 512;

    public string Name => "quantize";

    public async Task<PostProcessResult> ProcessAsync(PostProcessInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        QuantizationOutcome outcome;
        var options = new DynamicQuantizationOptions();
        try
        {
            outcome = await ModelQuantization.QuantizeFileAsync(input.ModelPath, options, new QualityGate(), Calibration(input), cancellationToken);
        }
        catch (Exception exception) when (exception is QuantizationException or OnnxFormatException)
        {
            return new PostProcessResult(input.ModelPath, $"quantize: float32 kept ({exception.Message})");
        }

        var quality = outcome.Evaluation.Quality;
        var figures = string.Create(CultureInfo.InvariantCulture, $"cosine {quality.CosineSimilarity:F5}, top-1 {quality.Top1Agreement:P1}, max abs error {quality.MaxAbsoluteError:G3} on {outcome.Evaluation.CalibrationSamples} validation rows");
        if (!outcome.Verdict.Passed)
        {
            return new PostProcessResult(input.ModelPath, $"quantize: float32 kept, int8 failed the gate ({string.Join("; ", outcome.Verdict.Failures)}; {figures})");
        }

        var path = Path.Combine(input.WorkDirectory, "model-int8.onnx");
        await File.WriteAllBytesAsync(path, outcome.QuantizedBytes, cancellationToken);
        return new PostProcessResult(path, string.Create(CultureInfo.InvariantCulture, $"quantize: dynamic int8 ({WeightRanges.Name(outcome.WeightRange)} weight range), {outcome.SizeRatio:F2}× the float32 size; {figures}"))
        {
            QuantizationReport = QuantizationReport.From(outcome, options),
        };
    }

    private static CalibrationSet? Calibration(PostProcessInput input)
    {
        var rows = Math.Min(MaxCalibrationRows, input.Width == 0 ? 0 : input.ValidationFeatures.Length / input.Width);
        if (rows == 0)
        {
            return null;
        }

        var data = input.ValidationFeatures.AsSpan(0, rows * input.Width).ToArray();
        var tensor = new CalibrationTensor(OnnxExporter.InputName, data, [rows, input.Width]);
        return new CalibrationSet([new CalibrationBatch([tensor])], "validation rows");
    }
}
