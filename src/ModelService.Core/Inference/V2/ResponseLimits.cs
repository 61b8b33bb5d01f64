using Microsoft.ML.OnnxRuntime.Tensors;
using ModelService.Core.Registry;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// Keeps an answer within <see cref="InferenceOptions.MaxResponseBytes"/> and <see cref="InferenceOptions.MaxResponseElements"/>:
/// before the run for outputs whose shapes the inputs fix (static dimensions, or a leading batch dimension), and
/// after it, before anything is written, for all of them. The refusal names the largest output and how to ask for less.
/// </summary>
internal sealed class ResponseLimits
{
    private const string Advice = "Ask for fewer rows per call, only the outputs you need ('outputs'), binary data ('binary_data_output': true), or the top classes ('classification').";
    private readonly long _maxBytes;
    private readonly long _maxElements;

    public ResponseLimits(InferenceOptions options)
    {
        _maxBytes = options.MaxResponseBytes;
        _maxElements = options.MaxResponseElements;
    }

    /// <summary>Refuses before running when outputs of known shape alone are over a limit (counting the fewest bytes they can take).</summary>
    public void CheckBeforeRun(IReadOnlyList<(TensorSpec Spec, bool Binary, int? Classification)> outputs, long? batch)
    {
        long elements = 0, bytes = 0;
        var largest = (Name: "", Elements: 0L);
        foreach (var (spec, binary, classification) in outputs)
        {
            if (classification is not null || ElementsOf(spec.Shape, batch) is not { } count)
            {
                continue;
            }

            elements += count;
            V2Datatype.TryGetElementType(spec.Datatype, out var type);
            bytes += type == TensorElementType.String ? 0 : count * (binary ? TensorElementSizes.Of(type) : 2);
            largest = count > largest.Elements ? (spec.Name, count) : largest;
        }

        if (elements > _maxElements || bytes > _maxBytes)
        {
            throw RequestErrors.TooLarge(
                $"The response would hold {elements} elements (at least {bytes} bytes), over the limits of {_maxElements} elements and {_maxBytes} bytes; output '{largest.Name}' has {largest.Elements}. {Advice}");
        }
    }

    /// <summary>Refuses an answer over a limit once its outputs exist, before a byte of it is sent.</summary>
    public void CheckBeforeWrite(InferenceResponse response)
    {
        var outputs = response.Outputs;
        var elements = outputs.Sum(o => o.ElementCount);
        var largest = outputs.MaxBy(o => o.ElementCount)!;
        if (elements > _maxElements)
        {
            throw RequestErrors.TooLarge($"The response holds {elements} elements, over the limit of {_maxElements}; output '{largest.Name}' has {largest.ElementCount}. {Advice}");
        }

        var sizes = outputs.Select((o, i) => o.Binary ? response.BinarySizes[i] : TensorDataWriter.MaxBytes(o)).ToArray();
        var bound = sizes.Sum() + 4096 + (64L * outputs.Count);
        if (bound <= _maxBytes)
        {
            return;
        }

        var exact = response.MeasureJson() + response.BinarySizes.Sum();
        if (exact > _maxBytes)
        {
            var biggest = outputs[Array.IndexOf(sizes, sizes.Max())];
            throw RequestErrors.TooLarge($"The response would be {exact} bytes, over the limit of {_maxBytes}; output '{biggest.Name}' ({biggest.Datatype} {Format(biggest.Shape)}) is the largest. {Advice}");
        }
    }

    private static long? ElementsOf(IReadOnlyList<long> shape, long? batch)
    {
        long count = 1;
        for (var i = 0; i < shape.Count; i++)
        {
            var dim = shape[i] >= 0 ? shape[i] : i == 0 && batch is { } b ? b : -1;
            if (dim < 0)
            {
                return null;
            }

            count = dim == 0 ? 0 : count > long.MaxValue / dim ? long.MaxValue : count * dim;
        }

        return count;
    }

    private static string Format(IEnumerable<long> shape) => $"[{string.Join(',', shape)}]";
}
