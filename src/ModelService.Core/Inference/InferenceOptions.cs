using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Inference;

/// <summary>Limits that keep any single request from exhausting an instance's memory.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "ModelService:Inference";

    /// <summary>Largest request body accepted (HTTP 413 above it).</summary>
    [Range(1024, 1L << 31)]
    public long MaxRequestBytes { get; set; } = 64L << 20;

    /// <summary>Largest number of tensor elements over all inputs of one request (HTTP 413 above it).</summary>
    [Range(1, int.MaxValue)]
    public long MaxElementsPerRequest { get; set; } = 16L << 20;

    /// <summary>Largest response body (HTTP 413 naming the output above it): checked before running where the inputs fix the outputs' shapes, else before anything is written.</summary>
    [Range(1024, 1L << 31)]
    public long MaxResponseBytes { get; set; } = 64L << 20;

    /// <summary>Largest number of tensor elements over all outputs of one response (HTTP 413 above it).</summary>
    [Range(1, int.MaxValue)]
    public long MaxResponseElements { get; set; } = 16L << 20;

    /// <summary>Most model rows one explained request may evaluate (<c>parameters.explain</c>): the baseline, each row's prediction and the method's probes.</summary>
    [Range(16, 10_000_000)]
    public long ExplainMaxEvaluations { get; set; } = 20_000;
}
