using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelService.Core.Errors;

namespace ModelService.Core.Explanations;

/// <summary>
/// Explains one call's rows within the evaluation budget (<c>Inference:ExplainMaxEvaluations</c> model rows
/// per request, the baseline and each row's prediction included): the budget left per row picks how many
/// coalitions KernelSHAP fits (all of them, exact, when they fit) or how many path steps integrated gradients
/// takes; a request whose rows leave too little per row is refused (413) with the number of rows that fit.
/// </summary>
public sealed class FeatureExplainer
{
    /// <summary>Fewest path steps integrated gradients is allowed; fewer would not be an integral.</summary>
    public const int MinSteps = 4;

    /// <summary>Most path steps integrated gradients takes, however large the budget.</summary>
    public const int MaxSteps = 256;

    /// <summary>Most coalitions KernelSHAP fits per row, however large the budget.</summary>
    public const int MaxCoalitions = 2048;

    /// <summary>Widest row explained: bounds KernelSHAP's normal matrix and a path point's probes (both features²) to a few MB.</summary>
    public const int MaxFeatures = 1024;

    private readonly long _maxEvaluations;
    private readonly long _maxElements;

    public FeatureExplainer(long maxEvaluations, long maxElements)
    {
        _maxEvaluations = maxEvaluations;
        _maxElements = maxElements;
    }

    public Explanation Explain(InferenceSession session, ExplainableModel model, ExplanationRequest request, OrtValue input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(input);
        var (rows, features, values) = Read(input);
        var baseline = BaselineOf(request, features);
        var perRow = PerRowBudget(rows, features, request.Method);
        var evaluator = new RowEvaluator(session, model, features, _maxElements, cancellationToken);
        var baselineOutput = evaluator.Evaluate(baseline, 1);
        var predictions = evaluator.Evaluate(values, rows);
        var inputs = new ExplanationInputs(rows, features, evaluator.OutputsPerRow, values, baseline, predictions, baselineOutput);
        var attributions = request.Method == ExplanationMethod.KernelShap
            ? KernelShap.Attribute(evaluator, inputs, Coalitions.Choose(features, Math.Min(perRow, MaxCoalitions)))
            : IntegratedGradients.Attribute(evaluator, inputs, (int)Math.Min(MaxSteps, perRow / (2L * features)));
        return new Explanation(request.Method, model.OutputName, rows, inputs.OutputsPerRow, features, attributions, baselineOutput, predictions,
            evaluator.Evaluations, Explanation.GapOf(attributions, baselineOutput, predictions, features));
    }

    /// <summary>Evaluations each row may spend beyond its prediction, refused when too few for the method.</summary>
    private long PerRowBudget(int rows, int features, ExplanationMethod method)
    {
        var needed = method == ExplanationMethod.KernelShap
            ? Math.Min(Coalitions.AllCount(features), 2L * features)
            : 2L * features * MinSteps;
        var perRow = rows == 0 ? needed : ((_maxEvaluations - 1) / rows) - 1;
        if (perRow >= needed)
        {
            return perRow;
        }

        var fit = Math.Max(0, (_maxEvaluations - 1) / (needed + 1));
        throw new ModelServiceException(ErrorCode.PayloadTooLarge,
            $"Explaining {rows} rows of {features} features by {ExplanationParameters.NameOf(method)} needs at least {(rows * (needed + 1)) + 1} model evaluations; the limit is {_maxEvaluations} (Inference:ExplainMaxEvaluations). Send at most {fit} rows per explained request.");
    }

    private static (int Rows, int Features, double[] Values) Read(OrtValue input)
    {
        var info = input.GetTensorTypeAndShape();
        var (rows, features) = (checked((int)info.Shape[0]), checked((int)info.Shape[1]));
        if (features is 0 or > MaxFeatures)
        {
            throw ExplanationParameters.Invalid($"Explanations take rows of 1 to {MaxFeatures} features; this input has {features}.");
        }

        var values = new double[rows * features];
        if (info.ElementDataType == TensorElementType.Double)
        {
            input.GetTensorDataAsSpan<double>().CopyTo(values);
        }
        else
        {
            var floats = input.GetTensorDataAsSpan<float>();
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = floats[i];
            }
        }

        return (rows, features, values);
    }

    private static double[] BaselineOf(ExplanationRequest request, int features)
    {
        if (request.Baseline is null)
        {
            return new double[features];
        }

        return request.Baseline.Count == features && request.Baseline.All(double.IsFinite)
            ? [.. request.Baseline]
            : throw ExplanationParameters.Invalid($"The baseline ('{ExplanationParameters.Baseline}', else the model card's explanationBaseline) must hold {features} finite numbers, one per feature; it holds {request.Baseline.Count}.");
    }
}
