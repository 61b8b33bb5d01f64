using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace ModelService.Core.Tests.Inference;

/// <summary>
/// Bodies laid out as the binary data extension documents them, built here byte by byte: the JSON object, then each
/// binary tensor's bytes in input order; and the reverse split of a response into its JSON and binary sections.
/// </summary>
internal static class BinaryBodies
{
    public static (byte[] Body, int JsonLength) Request(string json, params byte[][] tensors)
    {
        var header = Encoding.UTF8.GetBytes(json);
        return ([.. header, .. tensors.SelectMany(t => t)], header.Length);
    }

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    public static byte[] Int64s(params long[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        }

        return bytes;
    }

    /// <summary>BYTES elements, each behind its 4-byte little-endian length.</summary>
    public static byte[] Strings(params string[] values) =>
        [.. values.SelectMany(v =>
        {
            var utf8 = Encoding.UTF8.GetBytes(v);
            var prefix = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)utf8.Length);
            return prefix.Concat(utf8);
        })];

    /// <summary>The JSON object of a response and, in output order, the binary section of each output that has one.</summary>
    public static (JsonElement Json, Dictionary<string, byte[]> Binary) Response(byte[] body, int jsonLength)
    {
        var json = JsonDocument.Parse(body.AsMemory(0, jsonLength)).RootElement;
        var binary = new Dictionary<string, byte[]>();
        var position = jsonLength;
        foreach (var output in json.GetProperty("outputs").EnumerateArray())
        {
            if (output.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("binary_data_size", out var size))
            {
                binary[output.GetProperty("name").GetString()!] = body[position..(position + size.GetInt32())];
                position += size.GetInt32();
            }
        }

        Assert.Equal(body.Length, position);
        return (json, binary);
    }
}
