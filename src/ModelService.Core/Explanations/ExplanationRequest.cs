namespace ModelService.Core.Explanations;

/// <summary>
/// What a caller asked with <c>parameters.explain</c>: the method, the output to explain (null: the model's
/// first floating-point output) and the baseline (null: zeros).
/// </summary>
public sealed record ExplanationRequest(ExplanationMethod Method, string? Output, IReadOnlyList<double>? Baseline);
