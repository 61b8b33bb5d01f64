using System.Text;
using System.Text.Json;
using ModelService.Core.Predictions;
using ModelService.Core.Registry;
using ModelService.Core.Serving;
using ModelService.Core.Training;
using ModelService.Functions.Contracts;
using ModelService.Functions.Http;

namespace ModelService.Functions.Tests;

/// <summary>The contract records write the same bytes the routes wrote before they were modelled.</summary>
public sealed class ContractJsonTests
{
    private static readonly JsonSerializerOptions AspNetCoreJson = new(JsonSerializerDefaults.Web);
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 34, 56, TimeSpan.Zero);

    [Theory]
    [InlineData(TrainingJobStatus.Queued, false)]
    [InlineData(TrainingJobStatus.Succeeded, true)]
    public void A_training_job_reads_as_the_stored_record_did_without_its_etag(TrainingJobStatus status, bool finished)
    {
        var job = new TrainingJob
        {
            Id = "job1", TenantId = "acme", Recipe = TrainingRecipes.TabularClassifier, Dataset = "flowers", Label = "species", OutputModel = "flowers-mlp",
            Hyperparameters = new Dictionary<string, string> { ["hidden"] = "32,16", ["epochs"] = "50" },
            Status = status, Attempts = 1, CreatedAt = At, UpdatedAt = At.AddMinutes(1), ETag = "W/\"1\"",
            Reason = finished ? null : "waiting", ResultVersion = finished ? 3 : null, Metrics = finished ? new Dictionary<string, double> { ["accuracy"] = 0.95 } : null,
            TrainingSeconds = finished ? 12.5 : 0, Device = finished ? "cpu (2 cores)" : null, HeartbeatAt = finished ? At : null,
        };

        var written = Body(JsonResults.Ok(TrainingJobResponse.From(job)));

        Assert.Equal(JsonSerializer.Serialize(job, TrainingJson.Options), written);
        Assert.DoesNotContain("etag", written, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_prediction_reads_as_its_view_did_with_and_without_a_result()
    {
        var record = new PredictionRecord { Id = "p1", TenantId = "acme", Model = "iris", Version = "prod", Status = PredictionStatus.Succeeded, ResolvedVersion = 2, CreatedAt = At, UpdatedAt = At, WebhookStatus = "delivered" };
        var queued = record with { Status = PredictionStatus.Queued, ResolvedVersion = null, Version = null, WebhookStatus = null, Reason = "x" };
        var result = BinaryData.FromString("""{"model_name":"iris","outputs":[{"name":"y","shape":[1],"datatype":"FP32","data":[1.5]}]}""");

        Assert.Equal(PredictionView.Describe(record, result).ToJsonString(), Body(JsonResults.Ok(PredictionResponse.From(record, result))));
        Assert.Equal(PredictionView.Describe(queued, null).ToJsonString(), Body(JsonResults.Ok(PredictionResponse.From(queued, null))));
    }

    [Fact]
    public void Model_metadata_reads_as_aspnet_core_wrote_it()
    {
        var metadata = new ModelMetadata("iris", ["1", "2"], "onnxruntime_onnx", [new TensorSpec("x", "FP32", [-1, 4])], [new TensorSpec("y", "INT64", [-1])]);

        Assert.Equal(JsonSerializer.Serialize(metadata, AspNetCoreJson), Body(JsonResults.Ok(ModelMetadataResponse.From(metadata))));
    }

    [Fact]
    public void A_dataset_reads_as_before()
    {
        var info = new DatasetInfo("flowers", 1234, new string('a', 64), At);

        Assert.Equal(JsonSerializer.Serialize(info, TrainingJson.Options), Body(JsonResults.Create(DatasetResponse.From(info), 201)));
    }

    [Fact]
    public void A_type_outside_the_context_is_refused_rather_than_serialized_by_reflection()
    {
        Assert.Throws<InvalidOperationException>(() => JsonResults.Ok(new { name = "anonymous" }));
    }

    private static string Body(Utf8JsonResult result) => Encoding.UTF8.GetString(result.Json);
}
