using ModelService.Onnx.Quantization;

namespace ModelService.Onnx.Tests.Quantization;

public class QuantizationQualityTests
{
    [Fact]
    public void Identical_outputs_measure_as_perfect()
    {
        float[] values = [0.1f, 0.7f, 0.2f, 0.9f, 0.05f, 0.05f];

        var quality = QuantizationQuality.Measure(values, values, 3);

        Assert.Equal(new QuantizationQuality(0, 0, 1, 1, 2), quality with { CosineSimilarity = Math.Round(quality.CosineSimilarity, 12) });
    }

    [Fact]
    public void Quality_reports_errors_cosine_and_top1_agreement()
    {
        float[] reference = [1, 0, 0, 1];
        float[] candidate = [1, 0, 1, 0.5f];

        var quality = QuantizationQuality.Measure(reference, candidate, 2);

        // Row 1 agrees (index 0), row 2 flips from index 1 to index 0; errors 0, 0, 1, 0.5.
        Assert.Equal(1.0, quality.MaxAbsoluteError);
        Assert.Equal(0.375, quality.MeanAbsoluteError);
        Assert.Equal(1.5 / (Math.Sqrt(2) * Math.Sqrt(2.25)), quality.CosineSimilarity, 12);
        Assert.Equal(0.5, quality.Top1Agreement);
        Assert.Equal(2, quality.Rows);
    }

    [Fact]
    public void Nan_outputs_fail_every_measure()
    {
        var quality = QuantizationQuality.Measure([1f, 2f], [float.NaN, 2f], 2);

        Assert.Equal(double.PositiveInfinity, quality.MaxAbsoluteError);
        Assert.Equal(0, quality.CosineSimilarity);
        Assert.Equal(0, quality.Top1Agreement);
        Assert.False(new QualityGate().Evaluate(quality).Passed);
    }

    [Fact]
    public void Quality_refuses_outputs_of_different_sizes()
    {
        Assert.Throws<ArgumentException>(() => QuantizationQuality.Measure([1f, 2f], [1f], 1));
        Assert.Throws<ArgumentException>(() => QuantizationQuality.Measure([1f, 2f, 3f], [1f, 2f, 3f], 2));
    }

    [Fact]
    public void Worst_keeps_the_worst_figure_of_each_output()
    {
        var a = new QuantizationQuality(0.1, 0.01, 0.999, 1.0, 10);
        var b = new QuantizationQuality(0.05, 0.02, 0.995, 0.9, 20);

        Assert.Equal(new QuantizationQuality(0.1, 0.02, 0.995, 0.9, 30), QuantizationQuality.Worst([a, b]));
    }

    [Fact]
    public void Gate_passes_a_close_model_and_names_each_failure_otherwise()
    {
        var gate = new QualityGate { MaximumAbsoluteError = 0.5 };

        Assert.True(gate.Evaluate(new QuantizationQuality(0.1, 0.01, 0.999, 1.0, 10)).Passed);

        var verdict = gate.Evaluate(new QuantizationQuality(0.9, 0.2, 0.95, 0.5, 10));
        Assert.False(verdict.Passed);
        Assert.Equal(3, verdict.Failures.Count);
        Assert.Contains(verdict.Failures, f => f.StartsWith("cosine similarity", StringComparison.Ordinal));
        Assert.Contains(verdict.Failures, f => f.StartsWith("top-1 agreement", StringComparison.Ordinal));
        Assert.Contains(verdict.Failures, f => f.StartsWith("max absolute error", StringComparison.Ordinal));
    }
}
