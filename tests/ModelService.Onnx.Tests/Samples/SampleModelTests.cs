using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Inspection;
using ModelService.Onnx.Reading;
using ModelService.SampleModels;
using ModelService.SampleModels.Iris;
using ModelService.SampleModels.Tabular;
using ModelService.Testing;

namespace ModelService.Onnx.Tests.Samples;

public sealed class SampleModelTests
{
    private static string SamplePath(string name) => RepositoryPaths.Combine("models", $"{name}.onnx");

    private static string CalibrationPath(string name) => RepositoryPaths.Combine("models", $"{name}.calibration.json");

    [Fact]
    public void The_committed_samples_are_what_the_sample_code_writes_today()
    {
        Assert.Equal(IrisSample.Train().Model.ToByteArray(), File.ReadAllBytes(SamplePath(IrisSample.Name)));
        Assert.Equal(TabularScorerSample.Build().ToByteArray(), File.ReadAllBytes(SamplePath(TabularScorerSample.Name)));
    }

    [Fact]
    public void The_committed_int8_samples_and_calibration_files_are_what_the_sample_code_writes_today()
    {
        var iris = IrisSample.Train().Model;
        var tabular = TabularScorerSample.Build();

        Assert.Equal(IrisSample.Calibration(), File.ReadAllText(CalibrationPath(IrisSample.Name)));
        Assert.Equal(TabularScorerSample.Calibration(), File.ReadAllText(CalibrationPath(TabularScorerSample.Name)));
        Assert.Equal(
            SampleQuantization.Quantize(iris, IrisSample.Calibration(), "iris").QuantizedBytes,
            File.ReadAllBytes(SamplePath(IrisSample.Name + SampleQuantization.Suffix)));
        Assert.Equal(
            SampleQuantization.Quantize(tabular, TabularScorerSample.Calibration(), "tabular").QuantizedBytes,
            File.ReadAllBytes(SamplePath(TabularScorerSample.Name + SampleQuantization.Suffix)));
    }

    [Fact]
    public void The_int8_samples_are_dynamic_int8_and_answer_the_sample_requests_like_the_float_ones()
    {
        var irisInt8 = OnnxModelReader.ReadFile(SamplePath(IrisSample.Name + SampleQuantization.Suffix));
        Assert.Equal(QuantizationKind.DynamicInt8, QuantizationDetector.Detect(irisInt8));
        using var session = new InferenceSession(irisInt8.ToByteArray());
        using var input = OrtValue.CreateTensorValueFromMemory(new[] { 5.1f, 3.5f, 1.4f, 0.2f, 6.0f, 2.8f, 4.4f, 1.3f, 6.7f, 3.0f, 5.7f, 2.2f }, [3, 4]);

        using var runOptions = new RunOptions();

        using var results = session.Run(runOptions, ["features"], [input], ["label"]);

        Assert.Equal([0L, 1L, 2L], results[0].GetTensorDataAsSpan<long>().ToArray());
        Assert.Equal(QuantizationKind.DynamicInt8, QuantizationDetector.Detect(OnnxModelReader.ReadFile(SamplePath(TabularScorerSample.Name + SampleQuantization.Suffix))));
    }

    [Fact]
    public void Iris_mlp_classifies_fresh_iris_like_rows_well_above_chance()
    {
        var heldOut = IrisDataset.Generate(rowsPerClass: 200, seed: 1234);
        using var session = new InferenceSession(OnnxModelReader.ReadFile(SamplePath(IrisSample.Name)).ToByteArray());
        using var input = OrtValue.CreateTensorValueFromMemory(heldOut.Features.SelectMany(r => r).ToArray(), [heldOut.Count, 4]);

        using var runOptions = new RunOptions();

        using var results = session.Run(runOptions, ["features"], [input], ["label"]);

        var labels = results[0].GetTensorDataAsSpan<long>().ToArray();
        var accuracy = labels.Select((label, i) => label == heldOut.Labels[i] ? 1.0 : 0.0).Average();
        Assert.True(accuracy > 0.9, $"accuracy {accuracy:P1}");
    }

    [Fact]
    public void Tabular_scorer_gives_the_score_computed_from_its_documented_weights()
    {
        float[] features = [1f, 2f, 0.5f, 4f, 0f, 1.5f, -3f, 1f, 0f];
        long[] category = [1, 3, 2];
        const float threshold = 2f;
        using var session = new InferenceSession(File.ReadAllBytes(SamplePath(TabularScorerSample.Name)));
        using var x = OrtValue.CreateTensorValueFromMemory(features, [3, 3]);
        using var k = OrtValue.CreateTensorValueFromMemory(category, [3]);
        using var t = OrtValue.CreateTensorValueFromMemory(new[] { threshold }, []);

        using var runOptions = new RunOptions();

        using var results = session.Run(runOptions, ["features", "category", "threshold"], [x, k, t], ["score", "above"]);

        float[] w = [0.5f, -1.25f, 2.0f], offsets = [0f, 1.5f, -0.75f, 3f];
        var expected = Enumerable.Range(0, 3).Select(r => (features[r * 3] * w[0]) + (features[(r * 3) + 1] * w[1]) + (features[(r * 3) + 2] * w[2]) + offsets[category[r]]).ToArray();
        Assert.Equal(expected, results[0].GetTensorDataAsSpan<float>().ToArray(), (a, b) => MathF.Abs(a - b) < 1e-5f);
        Assert.Equal(expected.Select(s => s > threshold), results[1].GetTensorDataAsSpan<bool>().ToArray());
    }
}
