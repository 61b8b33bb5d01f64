using ModelService.Onnx.Quantization;
using ModelService.Onnx.Reading;
using ModelService.Onnx.Tests.Support;
using ModelService.Onnx.Writing;
using ModelService.SampleModels.Iris;
using ModelService.Testing;

namespace ModelService.Onnx.Tests.Quantization;

/// <summary>A trained model is the realistic case: its classes are well separated, so quantization must keep every answer.</summary>
public class SampleModelQuantizationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quantized_iris_mlp_passes_the_default_quality_gate_and_stays_accurate(bool perChannel)
    {
        var model = OnnxModelReader.ReadFile(RepositoryPaths.Combine("models", "iris-mlp.onnx"));
        var test = IrisDataset.Generate(rowsPerClass: 100, seed: 4242);
        var input = OrtInput.Float("features", test.Features.SelectMany(row => row).ToArray(), test.Count, 4);

        var quantized = DynamicQuantizer.Quantize(model, new DynamicQuantizationOptions { PerChannel = perChannel }).Model;
        var quality = QuantizationRun.Compare(model, quantized, input, "probabilities", 3);

        Assert.True(new QualityGate().Evaluate(quality).Passed, quality.ToString());
        using var session = new OrtModel(OnnxModelWriter.ToBytes(quantized));
        var labels = (long[])session.Run(input)["label"];
        Assert.True(labels.Zip(test.Labels).Count(p => p.First == p.Second) > 0.9 * test.Count);
    }
}
