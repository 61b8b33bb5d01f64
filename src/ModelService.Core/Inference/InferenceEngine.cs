using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Errors;
using ModelService.Core.Inference.V2;
using ModelService.Core.Registry;

namespace ModelService.Core.Inference;

/// <summary>
/// Runs one Open Inference Protocol v2 request against a warm session: request JSON in, response JSON out,
/// with the request checked against the model's signature before anything reaches ONNX Runtime.
/// </summary>
public sealed class InferenceEngine
{
    private readonly InferenceOptions _options;
    private readonly InputBinder _binder;

    public InferenceEngine(IOptions<InferenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _binder = new InputBinder(_options.MaxElementsPerRequest);
    }

    public InferenceResult Infer(InferenceSession session, ModelSignature signature, ModelIdentity model, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(signature);
        if (requestJson.Length > _options.MaxRequestBytes)
        {
            throw new ModelServiceException(ErrorCode.PayloadTooLarge, $"The request body is larger than the limit of {_options.MaxRequestBytes} bytes.");
        }

        var json = requestJson.Span;
        var request = InferenceRequestReader.Read(json);
        var outputs = SelectOutputs(request, signature);
        using var inputs = _binder.Bind(json, request, signature);

        // The batch output is computed even when not asked for, so the items billed never depend on what is returned.
        var batchOutput = signature.BatchOutput;
        var run = batchOutput is null || outputs.Contains(batchOutput) ? outputs : [.. outputs, batchOutput];
        var stopwatch = Stopwatch.StartNew();
        using var values = Run(session, inputs, run, cancellationToken);
        var computeTime = stopwatch.Elapsed;
        var response = InferenceResponseWriter.Write(model, request.Id, outputs, [.. values.Take(outputs.Count)]);
        return new InferenceResult(response, ItemsOf(request, signature, run, values), computeTime);
    }

    private static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, PreparedInputs inputs, IReadOnlyList<TensorSpec> outputs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        try
        {
            return session.Run(runOptions, inputs.Names, inputs.Values, [.. outputs.Select(o => o.Name)]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OnnxRuntimeException exception)
        {
            // Inputs passed the signature check, so what ONNX Runtime still refuses is about their values or
            // their dynamic sizes (an index out of range, mismatched batch sizes): the caller's to fix.
            throw new ModelServiceException(ErrorCode.InvalidRequest, $"The model cannot run on these inputs: {exception.Message}", exception);
        }
    }

    private static IReadOnlyList<TensorSpec> SelectOutputs(InferenceRequest request, ModelSignature signature)
    {
        if (request.RequestedOutputs.Count == 0)
        {
            return signature.Outputs;
        }

        if (request.RequestedOutputs.Distinct(StringComparer.Ordinal).Count() != request.RequestedOutputs.Count)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "An output is requested more than once.");
        }

        return [.. request.RequestedOutputs.Select(name => signature.Outputs.FirstOrDefault(o => o.Name == name)
            ?? throw new ModelServiceException(ErrorCode.InvalidRequest,
                $"The model has no output '{name}'; it returns {string.Join(", ", signature.Outputs.Select(o => $"'{o.Name}'"))}."))];
    }

    /// <summary>Items in the call, for per-item pricing, on the batch axis the signature defines.</summary>
    private static long ItemsOf(InferenceRequest request, ModelSignature signature, IReadOnlyList<TensorSpec> run, IReadOnlyList<OrtValue> values)
    {
        if (signature.BatchInput is { } batchInput)
        {
            return request.Inputs.First(i => i.Name == batchInput).Shape[0];
        }

        if (signature.BatchOutput is { } batchOutput)
        {
            var shape = values[IndexOf(run, batchOutput)].GetTensorTypeAndShape().Shape;
            return shape.Length > 0 ? shape[0] : 1;
        }

        return 1;
    }

    private static int IndexOf(IReadOnlyList<TensorSpec> specs, TensorSpec spec)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (ReferenceEquals(specs[i], spec) || specs[i] == spec)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Output '{spec.Name}' was not run.");
    }
}
