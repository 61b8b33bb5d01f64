using ModelService.Core.Telemetry;

namespace ModelService.Core.Tests.Telemetry;

public sealed class PrometheusMetricsTests
{
    [Fact]
    public void Counters_and_histograms_render_in_the_prometheus_text_format()
    {
        using var metrics = new PrometheusMetrics();
        var model = $"prom-{Guid.NewGuid():N}";
        var tags = ModelServiceTelemetry.ModelTags(model, "3");
        tags.Add("outcome", "ok");

        ModelServiceTelemetry.Requests.Add(1, tags);
        ModelServiceTelemetry.Requests.Add(2, tags);
        ModelServiceTelemetry.Duration.Record(0.003, tags);
        var text = metrics.Render();

        Assert.Contains("# TYPE modelsvc_inference_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains($"modelsvc_inference_requests_total{{model=\"{model}\",outcome=\"ok\",version=\"3\"}} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE modelsvc_inference_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains($"modelsvc_inference_duration_seconds_bucket{{model=\"{model}\",outcome=\"ok\",version=\"3\",le=\"0.0025\"}} 0\n", text, StringComparison.Ordinal);
        Assert.Contains($"modelsvc_inference_duration_seconds_bucket{{model=\"{model}\",outcome=\"ok\",version=\"3\",le=\"0.005\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"modelsvc_inference_duration_seconds_count{{model=\"{model}\",outcome=\"ok\",version=\"3\"}} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_values_are_escaped()
    {
        using var metrics = new PrometheusMetrics();

        ModelServiceTelemetry.Errors.Add(1, new KeyValuePair<string, object?>("model", "a\"b\\c"), new KeyValuePair<string, object?>("code", "X"));

        Assert.Contains("modelsvc_inference_errors_total{code=\"X\",model=\"a\\\"b\\\\c\"} 1", metrics.Render(), StringComparison.Ordinal);
    }
}
