using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelService.Core.Errors;

namespace ModelService.Core.Explanations;

/// <summary>
/// Runs the model on many feature rows through ONNX Runtime, in batches the graph accepts (any size for a dynamic
/// batch dimension, padded to a fixed one), and counts every row evaluated: the explanation's bill.
/// </summary>
internal sealed class RowEvaluator
{
    private const int MaxChunkRows = 4096;

    private readonly InferenceSession _session;
    private readonly ExplainableModel _model;
    private readonly int _features;
    private readonly int _chunkRows;
    private readonly CancellationToken _cancellationToken;

    public RowEvaluator(InferenceSession session, ExplainableModel model, int features, long maxElements, CancellationToken cancellationToken)
    {
        _session = session;
        _model = model;
        _features = features;
        _chunkRows = model.FixedBatch > 0 ? checked((int)model.FixedBatch) : (int)Math.Clamp(maxElements / Math.Max(1, features), 1, MaxChunkRows);
        _cancellationToken = cancellationToken;
    }

    /// <summary>Rows evaluated so far (padding excluded).</summary>
    public long Evaluations { get; private set; }

    /// <summary>Values of the explained output per row (K of them), set by the first evaluation.</summary>
    public int OutputsPerRow { get; private set; }

    /// <summary>The output for each of <paramref name="rowCount"/> rows of <paramref name="rows"/> (row-major, features wide): rowCount × K values.</summary>
    public double[] Evaluate(double[] rows, int rowCount)
    {
        var outputs = new List<double>();
        for (var start = 0; start < rowCount; start += _chunkRows)
        {
            var count = Math.Min(_chunkRows, rowCount - start);
            outputs.AddRange(RunChunk(rows.AsSpan(start * _features, count * _features), count));
            Evaluations += count;
        }

        return [.. outputs];
    }

    private double[] RunChunk(ReadOnlySpan<double> rows, int count)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var batch = _model.FixedBatch > 0 ? _chunkRows : count;
        long[] shape = [batch, _features];
        using var input = CreateInput(rows, batch * _features, shape);
        using var runOptions = new RunOptions();
        using var registration = _cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        try
        {
            using var results = _session.Run(runOptions, [_model.InputName], [input], [_model.OutputName]);
            return ReadOutput(results[0], batch, count);
        }
        catch (OnnxRuntimeException) when (_cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(_cancellationToken);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "The model cannot run on the rows of the explanation (the baseline or the features do not fit the graph).", exception);
        }
    }

    private OrtValue CreateInput(ReadOnlySpan<double> rows, int length, long[] shape)
    {
        if (_model.InputType == TensorElementType.Double)
        {
            var doubles = new double[length];
            rows.CopyTo(doubles);
            return OrtValue.CreateTensorValueFromMemory(doubles, shape);
        }

        var floats = new float[length];
        for (var i = 0; i < rows.Length; i++)
        {
            floats[i] = (float)rows[i];
        }

        return OrtValue.CreateTensorValueFromMemory(floats, shape);
    }

    private double[] ReadOutput(OrtValue value, int batch, int count)
    {
        var info = value.GetTensorTypeAndShape();
        if (info.Shape.Length == 0 || info.Shape[0] != batch || info.ElementCount % batch != 0)
        {
            throw ExplanationParameters.Invalid($"Output '{_model.OutputName}' does not give one set of values per row, so it cannot be explained.");
        }

        var perRow = checked((int)(info.ElementCount / batch));
        OutputsPerRow = perRow;
        var values = new double[count * perRow];
        if (info.ElementDataType == TensorElementType.Double)
        {
            value.GetTensorDataAsSpan<double>()[..values.Length].CopyTo(values);
        }
        else
        {
            var floats = value.GetTensorDataAsSpan<float>();
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = floats[i];
            }
        }

        return values;
    }
}
