using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelService.Onnx.Quantization.Calibration;

/// <summary>
/// Makes calibration inputs from a model's input schema when the user gives none: seeded, so the same model is
/// always checked on the same inputs. Float inputs draw from a standard normal distribution; integer inputs are
/// 0 and booleans false, because their meaning (an index, a category) is unknown and 0 is valid for most.
/// A dynamic first dimension becomes the batch of samples; other dynamic dimensions become
/// <see cref="DynamicDimension"/>. Models whose inputs need real values (indices into a small table, token ids)
/// should be given a calibration file instead.
/// </summary>
public static class CalibrationGenerator
{
    public const int DefaultSamples = 64;
    public const int DefaultSeed = 20240607;
    public const int DynamicDimension = 8;

    /// <summary>Largest batch generated for one run, so a big model on many samples does not need much memory at once.</summary>
    private const int RowsPerBatch = 32;

    public static CalibrationSet FromSchema(InferenceSession session, int samples = DefaultSamples, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var random = new Random(seed);
        var batches = new List<CalibrationBatch>();
        for (var done = 0; done < samples; done += RowsPerBatch)
        {
            var rows = Math.Min(RowsPerBatch, samples - done);
            batches.Add(new CalibrationBatch([.. session.InputMetadata.Select(pair => Generate(pair.Key, pair.Value, rows, random))]));
        }

        return new CalibrationSet(batches, "generated");
    }

    private static CalibrationTensor Generate(string name, NodeMetadata metadata, int rows, Random random)
    {
        if (!metadata.IsTensor)
        {
            throw new FormatException($"Input '{name}' is not a tensor; give a calibration file.");
        }

        var shape = metadata.Dimensions.Select((dim, axis) => dim >= 0 ? dim : axis == 0 ? rows : DynamicDimension).Select(d => (long)d).ToArray();
        var count = (int)shape.Aggregate(1L, (product, dim) => product * dim);
        Array data = metadata.ElementDataType switch
        {
            TensorElementType.Float => Enumerable.Range(0, count).Select(_ => (float)Normal(random)).ToArray(),
            TensorElementType.Double => Enumerable.Range(0, count).Select(_ => Normal(random)).ToArray(),
            TensorElementType.Int64 => new long[count],
            TensorElementType.Int32 => new int[count],
            TensorElementType.Bool => new bool[count],
            var other => throw new FormatException($"Input '{name}' has element type {other}, which cannot be generated; give a calibration file."),
        };
        return new CalibrationTensor(name, data, shape);
    }

    /// <summary>Box–Muller: two uniform draws give one standard normal value.</summary>
    private static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
