using System.Globalization;
using System.Text;
using CsCheck;

namespace ModelService.Core.Tests.Fuzzing;

/// <summary>
/// v2 infer requests as a hostile client writes them: mostly well-formed, with wrong or extreme datatypes, shapes
/// and data; then the same bytes cut, flipped and spliced.
/// </summary>
internal static class V2RequestGen
{
    private static readonly Gen<string> Datatype = Gen.OneOf(
        "FP32", "FP16", "BF16", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "BOOL", "BYTES", "fp32", "", "FP33");

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Long.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1e999"),
        Gen.OneOf(
            "true", "false", "null", "\"x\"", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "1e999", "-1e999", "-0", "NaN", "\"NaN\"", "1.5", "-1",
            "255", "256", "65535", "65536", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616", "1E400",
            "[]", "{}", "[[]]", "0.1e-400"));

    private static readonly Gen<string> FlatData = Scalar.Array[0, 8].Select(items => "[" + string.Join(",", items) + "]");

    private static readonly Gen<string> Data = Gen.OneOf(
        FlatData,
        FlatData.Array[0, 3].Select(rows => "[" + string.Join(",", rows) + "]"),
        Scalar,
        Gen.OneOf("\"AAAA\"", "{\"a\":1}"));

    private static readonly Gen<string> Shape = Gen.OneOf(
        Gen.Long[-2, 6].Array[0, 4].Select(dims => "[" + string.Join(",", dims) + "]"),
        Gen.OneOf("[]", "[-1]", "[0]", "[9223372036854775807]", "[2147483648,2147483648]", "[4294967296,4294967296,4294967296]", "\"3\"", "[1.5]", "null", "[true]", "[\"2\"]"));

    private static readonly Gen<string> Name = Gen.OneOf("x", "y", "x", "", "\\u0078", "inputs");

    private static readonly Gen<string> Input = Gen.Select(Name, Datatype, Shape, Data, Gen.Int[0, 31]).Select((name, datatype, shape, data, omit) =>
    {
        var fields = new List<string>();
        if ((omit & 1) == 0)
        {
            fields.Add($"\"name\":\"{name}\"");
        }

        if ((omit & 2) == 0)
        {
            fields.Add($"\"datatype\":\"{datatype}\"");
        }

        if ((omit & 4) == 0)
        {
            fields.Add($"\"shape\":{shape}");
        }

        if ((omit & 8) == 0)
        {
            fields.Add($"\"data\":{data}");
        }

        if ((omit & 16) != 0)
        {
            fields.Add("\"parameters\":{\"binary_data_size\":4,\"content_type\":\"str\"}");
            fields.Reverse();
        }

        return "{" + string.Join(",", fields) + "}";
    });

    private static readonly Gen<string> Request = Gen.Select(Input.Array[0, 3], Gen.OneOf("", ",\"id\":\"r\"", ",\"id\":5", ",\"outputs\":[{\"name\":\"y\"}]", ",\"outputs\":[1]", ",\"outputs\":{}", ",\"parameters\":{}"))
        .Select((inputs, tail) => "{\"inputs\":[" + string.Join(",", inputs) + "]" + tail + "}");

    /// <summary>Structured requests, and the same bytes mutated.</summary>
    public static Gen<byte[]> Bytes { get; } = Gen.OneOf(
        Request.Select(text => Encoding.UTF8.GetBytes(text)),
        Gen.Select(Request, Gen.Int.Array[1, 4], Gen.Byte.Array[1, 4]).Select((text, positions, values) => Mutate(Encoding.UTF8.GetBytes(text), positions, values)),
        Gen.Byte.Array[0, 64]);

    private static byte[] Mutate(byte[] bytes, int[] positions, byte[] values)
    {
        var result = bytes.ToList();
        for (var i = 0; i < positions.Length && result.Count > 0; i++)
        {
            var at = (int)((uint)positions[i] % (uint)result.Count);
            switch ((uint)positions[i] % 3)
            {
                case 0:
                    result[at] = values[i % values.Length];
                    break;
                case 1:
                    result.RemoveRange(at, result.Count - at);
                    break;
                default:
                    result.Insert(at, values[i % values.Length]);
                    break;
            }
        }

        return [.. result];
    }
}
