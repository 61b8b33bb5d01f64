using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>
/// The sample models in models/ as scripts/run-local.sh publishes them: metadata, then an inference built from that
/// metadata (one row of each input), which must answer every declared output with data.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SampleModelTests
{
    private readonly EndToEndFixture _fixture;

    public SampleModelTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("iris-mlp")]
    [InlineData("tabular-scorer")]
    [InlineData("iris-mlp-int8")]
    [InlineData("tabular-scorer-int8")]
    public async Task Sample_model_answers_metadata_and_inference(string sample)
    {
        var path = RepositoryPaths.Combine("models", $"{sample}.onnx");
        Assert.True(File.Exists(path), $"The sample model {path} is not in the repository yet.");
        var name = await _fixture.PublishAsync(await File.ReadAllBytesAsync(path), name: TestNames.Model(sample.Split('-')[0]));

        var metadata = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"v2/models/{name}"), HttpStatusCode.OK);
        using var response = await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(RequestFrom(metadata)));

        var body = await V2.ReadJsonAsync(response, HttpStatusCode.OK);
        var declared = metadata.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToHashSet();
        var outputs = body.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(declared, outputs.Select(o => o.GetProperty("name").GetString()).ToHashSet());
        Assert.All(outputs, o => Assert.True(o.GetProperty("data").GetArrayLength() > 0));
    }

    /// <summary>One row per input: dynamic dimensions become 1; values are zeros, "a" or false by datatype.</summary>
    private static string RequestFrom(JsonElement metadata)
    {
        var inputs = new JsonArray();
        foreach (var input in metadata.GetProperty("inputs").EnumerateArray())
        {
            var shape = input.GetProperty("shape").EnumerateArray().Select(d => Math.Max(1L, d.GetInt64())).ToArray();
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var datatype = input.GetProperty("datatype").GetString()!;
            var data = new JsonArray(Enumerable.Range(0, (int)count).Select(_ => datatype switch
            {
                "BYTES" => JsonValue.Create("a"),
                "BOOL" => JsonValue.Create(false),
                _ => (JsonNode?)JsonValue.Create(0),
            }).ToArray());
            inputs.Add(new JsonObject
            {
                ["name"] = input.GetProperty("name").GetString(),
                ["shape"] = new JsonArray(shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["datatype"] = datatype,
                ["data"] = data,
            });
        }

        return new JsonObject { ["inputs"] = inputs }.ToJsonString();
    }
}
