using CsCheck;
using ModelService.Onnx.Reading;
using ModelService.Testing;

namespace ModelService.Onnx.Tests.Fuzzing;

/// <summary>
/// Property: whatever bytes are uploaded as a model, the ONNX reader refuses with an <see cref="OnnxFormatException"/>,
/// and a model it reads can be inspected; never another exception. Inputs are real models cut, flipped, spliced and overwritten (protobuf tags, lengths and
/// varints all get hit), plus plain noise. Bounded iterations, one thread: seconds in the normal run.
/// </summary>
public sealed class OnnxReaderFuzzTests
{
    private static readonly byte[][] Seeds = [TestModels.AddBias(3, 2f), TestModels.AddBias(17, -1f)];

    private static readonly Gen<byte[]> Mutated = Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int.Array[1, 6], Gen.Byte.Array[1, 6])
        .Select((seed, positions, values) => Mutate(Seeds[seed], positions, values));

    private static readonly Gen<byte[]> Bytes = Gen.OneOf(Mutated, Mutated, Mutated, Gen.Byte.Array[0, 256]);

    [Fact]
    public void The_model_reader_refuses_anything_with_a_typed_error() =>
        Bytes.Sample(bytes => { ReadOrRefuse(bytes); }, iter: 20_000, threads: 1, print: bytes => Convert.ToHexString(bytes));

    /// <summary>True when refused; false when read. Any other exception escapes and fails the property.</summary>
    private static bool ReadOrRefuse(byte[] bytes)
    {
        try
        {
            // What publishing does with an upload: read it, then describe its tensors.
            ModelService.Onnx.Inspection.ModelInspector.Inspect(OnnxModelReader.Read(bytes));
            return false;
        }
        catch (OnnxFormatException)
        {
            return true;
        }
    }

    private static byte[] Mutate(byte[] model, int[] positions, byte[] values)
    {
        var result = model.ToList();
        for (var i = 0; i < positions.Length && result.Count > 0; i++)
        {
            var at = (int)((uint)positions[i] % (uint)result.Count);
            var value = values[i % values.Length];
            switch ((uint)positions[i] % 4)
            {
                case 0:
                    result[at] = value;
                    break;
                case 1:
                    result[at] ^= (byte)(1 << (value % 8));
                    break;
                case 2:
                    result.RemoveRange(at, result.Count - at);
                    break;
                default:
                    result.InsertRange(at, Enumerable.Repeat(value, 1 + (value % 5)));
                    break;
            }
        }

        return [.. result];
    }
}
