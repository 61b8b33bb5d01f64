using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Errors;
using ModelService.Core.Explanations;
using ModelService.Core.Inference.V2;
using ModelService.Core.Registry;
using ModelService.Core.Telemetry;

namespace ModelService.Core.Inference;

/// <summary>
/// Runs one Open Inference Protocol v2 request against a warm session: a request body (JSON, or JSON followed by
/// binary tensor data) in, a response ready to stream out, with the request checked against the model's signature
/// and the answer against the response limits before anything reaches ONNX Runtime or the client.
/// </summary>
public sealed class InferenceEngine
{
    /// <summary>What a client reads when ONNX Runtime refuses inputs that passed the signature check.</summary>
    public const string CannotRunMessage =
        "The model cannot run on these inputs: their values or dynamic sizes do not fit the graph (for example an index out of range, or batch sizes that differ between inputs).";

    private readonly InferenceOptions _options;
    private readonly InputBinder _binder;
    private readonly ResponseLimits _limits;
    private readonly FeatureExplainer _explainer;

    public InferenceEngine(IOptions<InferenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _binder = new InputBinder(_options.MaxElementsPerRequest);
        _limits = new ResponseLimits(_options);
        _explainer = new FeatureExplainer(_options.ExplainMaxEvaluations, _options.MaxElementsPerRequest);
    }

    public InferenceResult Infer(InferenceSession session, ModelSignature signature, ModelIdentity model, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken) =>
        Infer(session, signature, model, InferenceRequestBody.FromJson(requestJson), null, cancellationToken);

    /// <param name="classLabels">The model card's class names, for the classification extension; null when it has none.</param>
    public InferenceResult Infer(InferenceSession session, ModelSignature signature, ModelIdentity model, InferenceRequestBody body, IReadOnlyList<string>? classLabels, CancellationToken cancellationToken) =>
        Infer(session, signature, model, body, classLabels, null, cancellationToken);

    /// <param name="classLabels">The model card's class names, for the classification extension; null when it has none.</param>
    /// <param name="explanationBaseline">The model card's baseline for explanations a request gives none for; null: zeros.</param>
    public InferenceResult Infer(InferenceSession session, ModelSignature signature, ModelIdentity model, InferenceRequestBody body, IReadOnlyList<string>? classLabels, IReadOnlyList<double>? explanationBaseline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(body);
        if (body.Content.Length > _options.MaxRequestBytes)
        {
            throw new ModelServiceException(ErrorCode.PayloadTooLarge, $"The request body is larger than the limit of {_options.MaxRequestBytes} bytes.");
        }

        var request = InferenceRequestReader.Read(body);
        try
        {
            return Infer(session, signature, model, body, request, (classLabels, explanationBaseline), cancellationToken);
        }
        catch (ModelServiceException exception) when (request.Id is not null)
        {
            InferenceRequestIds.Attach(exception, request.Id);
            throw;
        }
    }

    private InferenceResult Infer(InferenceSession session, ModelSignature signature, ModelIdentity model, InferenceRequestBody body, InferenceRequest request, (IReadOnlyList<string>? ClassLabels, IReadOnlyList<double>? Baseline) card, CancellationToken cancellationToken)
    {
        var outputs = SelectOutputs(request, signature, body.AllowBinaryOutput);
        var batch = BatchDimensionOf(request, signature);
        var explain = ExplanationParameters.From(request.Parameters.PassedThrough);
        var explainable = explain is null ? null : ExplainableModel.Of(signature, explain.Output);
        _limits.CheckBeforeRun(outputs, batch);
        var started = Stopwatch.GetTimestamp();
        using var inputs = _binder.Bind(body.Content.Span, request, signature);
        var inputTime = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var run = WithBatchOutput(outputs, signature.BatchOutput);
        var values = Run(session, inputs, run, cancellationToken);
        long items;
        Explanation? explanation;
        try
        {
            items = ItemsOf(request, signature, run, values);
            explanation = explain is null ? null : _explainer.Explain(session, explainable!, explain with { Baseline = explain.Baseline ?? card.Baseline }, inputs.Values[0], cancellationToken);
        }
        catch
        {
            values.Dispose();
            throw;
        }

        var computeTime = Stopwatch.GetElapsedTime(started);
        var binaryExplanation = body.AllowBinaryOutput && request.Parameters.BinaryDataOutput;

        // Respond writes the asked outputs only; the batch output, when added for billing, is disposed with the rest.
#pragma warning disable CA2000 // Disposed below if the limit check throws; otherwise the result owns it and its caller disposes it.
        var response = Respond(model, request, outputs, values, card.ClassLabels, explanation is null ? null : (explanation, binaryExplanation));
#pragma warning restore CA2000
        try
        {
            _limits.CheckBeforeWrite(response);
            return new InferenceResult(response, items, computeTime) { InputTime = inputTime, Evaluations = explanation?.Evaluations };
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static InferenceResponse Respond(
        ModelIdentity model,
        InferenceRequest request,
        IReadOnlyList<(TensorSpec Spec, bool Binary, int? Classification)> outputs,
        IDisposableReadOnlyCollection<OrtValue> values,
        IReadOnlyList<string>? classLabels,
        (Explanation Explanation, bool Binary)? explained)
    {
        var owned = new List<IDisposable> { values };
        try
        {
            var written = new List<ResponseOutput>(outputs.Count);
            for (var i = 0; i < outputs.Count; i++)
            {
                var (spec, binary, classification) = outputs[i];
                var value = values.ElementAt(i);
                if (classification is { } k)
                {
                    value = Classification.TopK(value, spec.Name, k, classLabels);
                    owned.Add(value);
                }

                written.Add(ResponseOutput.Of(spec.Name, value, binary));
            }

            var parameters = request.Parameters;
            if (explained is var (explanation, explanationBinary))
            {
                written.AddRange(ExplanationOutputs.Create(explanation, explanationBinary, owned));
                parameters = ExplanationOutputs.WithSummary(parameters, explanation);
            }

            return new InferenceResponse(model, request.Id, parameters, written, owned);
        }
        catch
        {
            owned.ForEach(o => o.Dispose());
            throw;
        }
    }

    private static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, PreparedInputs inputs, IReadOnlyList<(TensorSpec Spec, bool Binary, int? Classification)> outputs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = ModelServiceTelemetry.Source.StartActivity("run");
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        try
        {
            return session.Run(runOptions, inputs.Names, inputs.Values, [.. outputs.Select(o => o.Spec.Name)]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OnnxRuntimeException exception)
        {
            // Inputs passed the signature check, so what ONNX Runtime still refuses is about their values or
            // their dynamic sizes (an index out of range, mismatched batch sizes): the caller's to fix. Its own
            // text (source paths, node names, C++ signatures) stays with the exception, for the server log.
            ModelServiceTelemetry.Fail(activity, nameof(ErrorCode.InvalidRequest));
            throw new ModelServiceException(ErrorCode.InvalidRequest, CannotRunMessage, exception);
        }
    }

    /// <summary>The outputs to return, in order, each with whether it goes as binary data and its classification count.</summary>
    private static List<(TensorSpec Spec, bool Binary, int? Classification)> SelectOutputs(InferenceRequest request, ModelSignature signature, bool allowBinary)
    {
        var binaryByDefault = allowBinary && request.Parameters.BinaryDataOutput;
        if (request.RequestedOutputs.Count == 0)
        {
            return [.. signature.Outputs.Select(o => (o, binaryByDefault, (int?)null))];
        }

        if (request.RequestedOutputs.Select(o => o.Name).Distinct(StringComparer.Ordinal).Count() != request.RequestedOutputs.Count)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "An output is requested more than once.");
        }

        return [.. request.RequestedOutputs.Select(asked => (
            signature.Outputs.FirstOrDefault(o => o.Name == asked.Name)
                ?? throw new ModelServiceException(ErrorCode.InvalidRequest,
                    $"The model has no output '{asked.Name}'; it returns {string.Join(", ", signature.Outputs.Select(o => $"'{o.Name}'"))}."),
            allowBinary && (asked.BinaryData ?? binaryByDefault),
            asked.Classification))];
    }

    /// <summary>The leading size of the first input whose leading dimension is dynamic: what output sizes are estimated from before the run.</summary>
    private static long? BatchDimensionOf(InferenceRequest request, ModelSignature signature)
    {
        foreach (var spec in signature.Inputs)
        {
            if (spec.Shape.Count > 0 && spec.Shape[0] < 0)
            {
                return request.Inputs.FirstOrDefault(i => i.Name == spec.Name)?.Shape is [var batch, ..] ? batch : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Items in the call, for per-item pricing, on the batch axis the signature defines: the named batch input's
    /// leading size, else the computed leading size of the first output with a dynamic batch dimension, else 1.
    /// </summary>
    private static long ItemsOf(InferenceRequest request, ModelSignature signature, IReadOnlyList<(TensorSpec Spec, bool Binary, int? Classification)> run, IDisposableReadOnlyCollection<OrtValue> values)
    {
        if (signature.BatchInput is { } batchInput)
        {
            return request.Inputs.First(i => i.Name == batchInput).Shape[0];
        }

        if (signature.BatchOutput is { } batchOutput)
        {
            var index = run.Select(r => r.Spec).ToList().FindIndex(spec => spec == batchOutput);
            var shape = values.ElementAt(index).GetTensorTypeAndShape().Shape;
            return shape.Length > 0 ? shape[0] : 1;
        }

        return 1;
    }

    /// <summary>The batch output is computed even when not asked for, so the items billed never depend on what is returned.</summary>
    private static IReadOnlyList<(TensorSpec Spec, bool Binary, int? Classification)> WithBatchOutput(
        IReadOnlyList<(TensorSpec Spec, bool Binary, int? Classification)> outputs, TensorSpec? batchOutput) =>
        batchOutput is null || outputs.Any(o => o.Spec == batchOutput) ? outputs : [.. outputs, (batchOutput, false, null)];
}
