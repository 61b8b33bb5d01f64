using System.Text.Json.Nodes;
using ModelService.Core.Registry;

namespace ModelService.LoadTest;

/// <summary>A one-row v2 request for a model, built from its inputs: dynamic dimensions 1, values by datatype.</summary>
internal static class RequestBodies
{
    public static byte[] OneRow(IReadOnlyList<TensorSpec> inputs)
    {
        var tensors = new JsonArray();
        foreach (var input in inputs)
        {
            var shape = input.Shape.Select(d => Math.Max(1L, d)).ToArray();
            var count = (int)shape.Aggregate(1L, (a, b) => a * b);
            var data = new JsonArray(Enumerable.Range(0, count).Select(i => input.Datatype switch
            {
                "BYTES" => JsonValue.Create("a"),
                "BOOL" => JsonValue.Create(i % 2 == 0),
                "FP32" or "FP64" or "FP16" => JsonValue.Create(0.5 + (i % 7)),
                _ => (JsonNode?)JsonValue.Create(i % 3),
            }).ToArray());
            tensors.Add(new JsonObject
            {
                ["name"] = input.Name,
                ["shape"] = new JsonArray(shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["datatype"] = input.Datatype,
                ["data"] = data,
            });
        }

        return System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["inputs"] = tensors }.ToJsonString());
    }
}
