using ModelService.Core.Registry;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Testing;
using ModelService.Trainer.Export;

namespace ModelService.Trainer.Tests;

/// <summary>The trainer's quantize stage is the CLI's engine: same file in, same rows, same bytes and report out.</summary>
public sealed class QuantizeStageTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    [Fact]
    public async Task Quantize_stage_writes_the_bytes_and_the_report_that_models_quantize_writes_for_the_same_rows()
    {
        var iris = RepositoryPaths.Combine("models", "iris-mlp.onnx");
        var rows = (await CalibrationFile.ReadAsync(RepositoryPaths.Combine("models", "iris-mlp.calibration.json"), CancellationToken.None)).Batches[0].Inputs[0];
        var features = (float[])rows.Data;
        var input = new PostProcessInput(iris, _folder.Path, true, features, new float[rows.Shape[0]], 4);

        var result = await new QuantizeStage().ProcessAsync(input, CancellationToken.None);
        var cli = await ModelQuantization.QuantizeFileAsync(
            iris,
            new DynamicQuantizationOptions(),
            new QualityGate(),
            new CalibrationSet([new CalibrationBatch([rows with { Name = OnnxExporter.InputName }])], "validation rows"),
            CancellationToken.None);

        Assert.Equal(cli.QuantizedBytes, await File.ReadAllBytesAsync(result.ModelPath));
        var report = result.QuantizationReport!;
        var expected = QuantizationReport.From(cli, new DynamicQuantizationOptions());
        Assert.Equal(expected with { ExcludedNodes = [] }, report with { ExcludedNodes = [] });
        Assert.Empty(report.ExcludedNodes);
        Assert.Equal("reduced", report.WeightRange);
        Assert.Equal("any x86-64 or ARM64 CPU", report.ValidFor);
        Assert.Null(report.SaturatedPairs);
        Assert.True(report.GatePassed);
        Assert.Equal(rows.Shape[0], report.CalibrationSamples);
        Assert.Equal("validation rows", report.Calibration);
    }

    [Fact]
    public async Task A_float_model_kept_after_a_refusal_carries_no_report()
    {
        // Nothing to quantize: the stage keeps the float file, and a report would describe a file that does not exist.
        var path = TestModels.WriteTemporary(TestModels.AddBias(4));
        try
        {
            var result = await new QuantizeStage().ProcessAsync(new PostProcessInput(path, _folder.Path, false, new float[8], new float[2], 4), CancellationToken.None);

            Assert.Equal(path, result.ModelPath);
            Assert.Null(result.QuantizationReport);
            Assert.StartsWith("quantize: float32 kept", result.Note, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose() => _folder.Dispose();
}
