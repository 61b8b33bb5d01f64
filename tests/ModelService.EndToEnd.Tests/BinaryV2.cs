using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelService.EndToEnd.Tests;

/// <summary>Bodies of the binary tensor data extension, laid out here byte by byte as its protocol document says.</summary>
public static class BinaryV2
{
    public const string HeaderLength = "Inference-Header-Content-Length";

    /// <summary>An FP32 [rows, width] input as binary data, every output asked for as binary data.</summary>
    public static ByteArrayContent Request(float[] x, int rows, string? id = null)
    {
        var json = JsonSerializer.Serialize(new
        {
            id,
            inputs = new[] { new { name = "x", shape = new[] { rows, x.Length / rows }, datatype = "FP32", parameters = new { binary_data_size = x.Length * 4 } } },
            parameters = new { binary_data_output = true },
        });
        var header = Encoding.UTF8.GetBytes(json);
        var body = new byte[header.Length + (x.Length * 4)];
        header.CopyTo(body, 0);
        for (var i = 0; i < x.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(header.Length + (i * 4)), x[i]);
        }

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add(HeaderLength, header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return content;
    }

    /// <summary>The response's JSON object and the first output's binary data as floats.</summary>
    public static async Task<(JsonElement Json, float[] Data)> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        var jsonLength = int.Parse(response.Headers.GetValues(HeaderLength).Single(), System.Globalization.CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(body.AsMemory(0, jsonLength));
        var json = document.RootElement.Clone();
        var size = json.GetProperty("outputs")[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt32();
        Assert.Equal(body.Length, jsonLength + size);
        var data = new float[size / 4];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(jsonLength + (i * 4)));
        }

        return (json, data);
    }
}
