using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Reading;
using ModelService.SampleModels.Iris;
using ModelService.SampleModels.Tabular;
using ModelService.Testing;

namespace ModelService.Onnx.Tests.Samples;

public sealed class SampleModelTests
{
    private static string SamplePath(string name) => RepositoryPaths.Combine("models", $"{name}.onnx");

    [Fact]
    public void The_committed_samples_are_what_the_sample_code_writes_today()
    {
        Assert.Equal(IrisSample.Train().Model.ToByteArray(), File.ReadAllBytes(SamplePath(IrisSample.Name)));
        Assert.Equal(TabularScorerSample.Build().ToByteArray(), File.ReadAllBytes(SamplePath(TabularScorerSample.Name)));
    }

    [Fact]
    public void Iris_mlp_classifies_fresh_iris_like_rows_well_above_chance()
    {
        var heldOut = IrisDataset.Generate(rowsPerClass: 200, seed: 1234);
        using var session = new InferenceSession(OnnxModelReader.ReadFile(SamplePath(IrisSample.Name)).ToByteArray());
        using var input = OrtValue.CreateTensorValueFromMemory(heldOut.Features.SelectMany(r => r).ToArray(), [heldOut.Count, 4]);

        using var results = session.Run(new RunOptions(), ["features"], [input], ["label"]);

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

        using var results = session.Run(new RunOptions(), ["features", "category", "threshold"], [x, k, t], ["score", "above"]);

        float[] w = [0.5f, -1.25f, 2.0f], offsets = [0f, 1.5f, -0.75f, 3f];
        var expected = Enumerable.Range(0, 3).Select(r => (features[r * 3] * w[0]) + (features[(r * 3) + 1] * w[1]) + (features[(r * 3) + 2] * w[2]) + offsets[category[r]]).ToArray();
        Assert.Equal(expected, results[0].GetTensorDataAsSpan<float>().ToArray(), (a, b) => MathF.Abs(a - b) < 1e-5f);
        Assert.Equal(expected.Select(s => s > threshold), results[1].GetTensorDataAsSpan<bool>().ToArray());
    }
}
