using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// The classification extension: an output replaced by its top-k entries along the last axis, as a BYTES tensor of
/// shape [..., k] whose elements read "value:index" or "value:index:label" (labels from the model card, when it
/// names one class per entry of that axis). Ties keep the lower index first.
/// </summary>
internal static class Classification
{
    public static OrtValue TopK(OrtValue value, string output, int k, IReadOnlyList<string>? labels)
    {
        var info = value.GetTensorTypeAndShape();
        if (info.Shape.Length == 0 || info.ElementDataType is TensorElementType.String or TensorElementType.Bool)
        {
            throw RequestErrors.Invalid($"Output '{output}' cannot be classified: classification needs a numeric tensor with at least one dimension.");
        }

        var classes = (int)info.Shape[^1];
        var take = Math.Min(k, classes);
        var scores = Scores(value, info.ElementDataType);
        var rows = classes == 0 ? 0 : scores.Length / classes;
        var useLabels = labels is not null && labels.Count == classes ? labels : null;
        long[] shape = [.. info.Shape[..^1], take];
        var result = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        try
        {
            for (var row = 0; row < rows; row++)
            {
                var top = Enumerable.Range(0, classes).OrderByDescending(i => scores[(row * classes) + i]).ThenBy(i => i).Take(take).ToArray();
                for (var j = 0; j < top.Length; j++)
                {
                    result.StringTensorSetElementAt(Entry(scores[(row * classes) + top[j]], top[j], useLabels, info.ElementDataType).AsSpan(), (row * take) + j);
                }
            }

            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static string Entry(double score, int index, IReadOnlyList<string>? labels, TensorElementType type)
    {
        var text = type is TensorElementType.Double ? score.ToString("R", CultureInfo.InvariantCulture) : ((float)score).ToString(CultureInfo.InvariantCulture);
        return labels is null ? $"{text}:{index}" : $"{text}:{index}:{labels[index]}";
    }

    private static double[] Scores(OrtValue value, TensorElementType type) => type switch
    {
        TensorElementType.Float => [.. value.GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)],
        TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
        TensorElementType.Float16 => [.. value.GetTensorDataAsSpan<Float16>().ToArray().Select(v => (double)(float)v)],
        TensorElementType.BFloat16 => [.. value.GetTensorDataAsSpan<BFloat16>().ToArray().Select(v => (double)(float)v)],
        TensorElementType.Int8 => [.. value.GetTensorDataAsSpan<sbyte>().ToArray().Select(v => (double)v)],
        TensorElementType.Int16 => [.. value.GetTensorDataAsSpan<short>().ToArray().Select(v => (double)v)],
        TensorElementType.Int32 => [.. value.GetTensorDataAsSpan<int>().ToArray().Select(v => (double)v)],
        TensorElementType.Int64 => [.. value.GetTensorDataAsSpan<long>().ToArray().Select(v => (double)v)],
        TensorElementType.UInt8 => [.. value.GetTensorDataAsSpan<byte>().ToArray().Select(v => (double)v)],
        TensorElementType.UInt16 => [.. value.GetTensorDataAsSpan<ushort>().ToArray().Select(v => (double)v)],
        TensorElementType.UInt32 => [.. value.GetTensorDataAsSpan<uint>().ToArray().Select(v => (double)v)],
        TensorElementType.UInt64 => [.. value.GetTensorDataAsSpan<ulong>().ToArray().Select(v => (double)v)],
        _ => throw new InvalidOperationException($"Element type {type} cannot be classified."),
    };
}
