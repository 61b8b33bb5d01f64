using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelService.Core.Predictions;
using ModelService.Functions.Contracts;
using ModelService.Functions.Predictions;

namespace ModelService.Functions.Tests;

public sealed class PredictionHttpResultTests
{
    private static readonly PredictionRecord Record = new()
    {
        Id = "p-1",
        TenantId = "t",
        Model = "m",
        Status = PredictionStatus.Succeeded,
        ResolvedVersion = 2,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch.AddSeconds(1),
    };

    [Fact]
    public async Task The_streamed_view_equals_the_parsed_one_with_the_result_copied_verbatim()
    {
        const string result = """{"model_name":"m","model_version":"2","outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1.5,"NaN"]}]}""";
        using var destination = new MemoryStream();

        await PredictionHttpResult.WriteAsync(destination, Record, new MemoryStream(Encoding.UTF8.GetBytes(result)), CancellationToken.None);

        var streamed = JsonNode.Parse(destination.ToArray())!;
        var parsed = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(PredictionResponse.From(Record, BinaryData.FromString(result)), FunctionsJsonContext.Default.PredictionResponse))!;
        Assert.True(JsonNode.DeepEquals(parsed, streamed), streamed.ToJsonString());
        Assert.Contains(result, Encoding.UTF8.GetString(destination.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_result_the_view_has_no_response()
    {
        using var destination = new MemoryStream();

        await PredictionHttpResult.WriteAsync(destination, Record with { Status = PredictionStatus.Queued }, null, CancellationToken.None);

        using var view = JsonDocument.Parse(destination.ToArray());
        Assert.False(view.RootElement.TryGetProperty("response", out _));
        Assert.Equal("p-1", view.RootElement.GetProperty("id").GetString());
    }
}
