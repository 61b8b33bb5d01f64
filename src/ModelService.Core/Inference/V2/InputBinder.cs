using Microsoft.ML.OnnxRuntime.Tensors;
using ModelService.Core.Registry;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// Checks a request's inputs against the model's signature (names, datatypes, shapes, limits) and turns them
/// into ONNX Runtime values. Every refusal names the tensor, so a client can fix its request.
/// </summary>
internal sealed class InputBinder
{
    private readonly long _maxElements;

    public InputBinder(long maxElementsPerRequest)
    {
        _maxElements = maxElementsPerRequest;
    }

    public PreparedInputs Bind(ReadOnlySpan<byte> body, InferenceRequest request, ModelSignature signature)
    {
        var counts = CheckAgainstSignature(request, signature);
        var prepared = new PreparedInputs();
        try
        {
            for (var i = 0; i < request.Inputs.Count; i++)
            {
                var input = request.Inputs[i];
                V2Datatype.TryGetElementType(input.Datatype, out var elementType);
                var data = body.Slice(input.DataStart, input.DataLength);
                prepared.Add(input.Name, input.IsBinary
                    ? BinaryTensorReader.Read(data, input, elementType, counts[i])
                    : TensorDataReader.Read(data, input, elementType, counts[i]));
            }

            return prepared;
        }
        catch
        {
            prepared.Dispose();
            throw;
        }
    }

    private int[] CheckAgainstSignature(InferenceRequest request, ModelSignature signature)
    {
        var counts = new int[request.Inputs.Count];
        long total = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var input = request.Inputs[i];
            if (!seen.Add(input.Name))
            {
                throw RequestErrors.Invalid($"Input '{input.Name}' is given more than once.");
            }

            var spec = signature.Inputs.FirstOrDefault(s => s.Name == input.Name)
                ?? throw RequestErrors.Invalid($"The model has no input '{input.Name}'; it takes {Names(signature.Inputs)}.");
            CheckDatatype(input, spec);
            CheckShape(input, spec);
            counts[i] = CountElements(input, _maxElements - total);
            total += counts[i];
        }

        var missing = signature.Inputs.Where(s => !seen.Contains(s.Name)).Select(s => s.Name).ToList();
        return missing.Count == 0
            ? counts
            : throw RequestErrors.Invalid($"The request lacks the model's input{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
    }

    private static void CheckDatatype(RequestInput input, TensorSpec spec)
    {
        if (!V2Datatype.TryGetElementType(input.Datatype, out _))
        {
            throw RequestErrors.Invalid($"Input '{input.Name}': '{input.Datatype}' is not a v2 datatype ({string.Join(", ", V2Datatype.Names)}).");
        }

        if (input.Datatype != spec.Datatype)
        {
            throw RequestErrors.Invalid($"Input '{input.Name}' has datatype {input.Datatype} but the model expects {spec.Datatype}.");
        }
    }

    private static void CheckShape(RequestInput input, TensorSpec spec)
    {
        var fits = input.Shape.Length == spec.Shape.Count
            && input.Shape.Zip(spec.Shape).All(pair => pair.Second < 0 || pair.First == pair.Second);
        if (!fits)
        {
            throw RequestErrors.Invalid($"Input '{input.Name}' has shape {Format(input.Shape)} but the model expects {Format(spec.Shape)} (-1: any size).");
        }
    }

    /// <summary>
    /// The shape's element count, refused before anything is allocated when it passes the request's remaining
    /// element budget, or when JSON data's bytes are too few to hold that many elements (each needs at least two).
    /// </summary>
    private static int CountElements(RequestInput input, long budget)
    {
        long count = 1;
        foreach (var dim in input.Shape)
        {
            count = dim == 0 ? 0 : count > budget / dim ? budget + 1 : count * dim;
        }

        if (count > budget)
        {
            throw RequestErrors.TooLarge($"Input '{input.Name}' with shape {Format(input.Shape)} is over the request's element limit.");
        }

        if (!input.IsBinary && count > (input.DataLength / 2) + 1)
        {
            throw RequestErrors.Invalid($"Input '{input.Name}': 'data' is too short for the {count} elements of shape {Format(input.Shape)}.");
        }

        return (int)count;
    }

    private static string Names(IEnumerable<TensorSpec> specs) => string.Join(", ", specs.Select(s => $"'{s.Name}'"));

    private static string Format(IEnumerable<long> shape) => $"[{string.Join(',', shape)}]";
}
