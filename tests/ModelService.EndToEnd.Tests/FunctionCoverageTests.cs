using System.Text.Json;

namespace ModelService.EndToEnd.Tests;

/// <summary>A guard: a function added to the app without an end-to-end test here fails this test by name.</summary>
public sealed class FunctionCoverageTests
{
    private static readonly string[] Covered =
    [
        "ServerLive", "ServerReady", "ServerMetadata",
        "ModelMetadata", "ModelVersionMetadata", "ModelReady", "ModelVersionReady", "ModelVersionCard",
        "ModelInfer", "ModelVersionInfer", "ListModels", "ListAudit",
        "ModelConfig", "ModelVersionConfig", "ModelsStatistics", "ModelStatistics", "ModelVersionStatistics",
        "RepositoryIndex", "RepositoryLoad", "RepositoryUnload", "Metrics",
        "GetUsage", "RecordUsage", "ParkPoisonedUsage",
        "GetPrediction", "RunPrediction", "FailPoisonedPrediction", "DeliverWebhook", "FailPoisonedWebhook", "DeletePrediction",
        "UploadDataset", "DeleteDataset", "SubmitTrainingJob", "ListTrainingJobs", "GetTrainingJob", "CancelTrainingJob", "ListTrainingJobEvents",
    ];

    [Fact]
    public void Every_function_in_the_app_has_an_end_to_end_test()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionAppBuild.Directory, "functions.metadata")));
        var functions = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToArray();

        Assert.Empty(functions.Except(Covered));
    }
}
