using ModelService.Core.Billing;
using ModelService.Core.Registry;
using ModelService.Core.Training;
using ModelService.Testing;

namespace ModelService.Trainer.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TrainingJobTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TrainerTestServices _services = new(azurite);

    [Fact]
    public async Task Classifier_job_publishes_a_version_that_classifies_held_back_rows_well_above_chance()
    {
        var (csv, _, _) = SyntheticCsv.Blobs(600, seed: 1);
        await _services.UploadAsync("flowers", csv);
        var job = await _services.SubmitAsync(TrainingRecipes.TabularClassifier, "flowers", "species", "flowers-mlp", new() { ["epochs"] = "40", ["hidden"] = "16" });

        Assert.Equal(1, await _services.RunTrainerAsync());

        var done = await _services.JobAsync(job.Id);
        Assert.True(done.Status == TrainingJobStatus.Succeeded, done.Reason);
        Assert.Equal(1, done.ResultVersion);
        Assert.Equal(1, done.Attempts);
        Assert.True(done.TrainingSeconds > 0);
        Assert.StartsWith("cpu", done.Device, StringComparison.Ordinal);
        Assert.True(done.Metrics!["validation_accuracy"] > 0.9);

        var (heldX, heldY) = (SyntheticCsv.Blobs(300, seed: 99).Features, SyntheticCsv.Blobs(300, seed: 99).Labels);
        var (labels, _) = await OnnxScoring.RunAsync(_services.Registry, "flowers-mlp", heldX, 4);
        var accuracy = labels.Zip(heldY).Count(p => p.First == p.Second) / (double)heldY.Length;
        Assert.True(accuracy > 0.9, $"held-back accuracy {accuracy:P1}; chance is 33%");

        // Billed like a call: one usage event for the job, every started second at the training price.
        var usage = await TrainingUsageAsync(job.Id);
        Assert.Equal((UsageKinds.Training, "flowers-mlp", done.ResultVersion), (usage.Kind, usage.Model, usage.Version));
        Assert.Equal((long)Math.Ceiling(done.TrainingSeconds) * 250, usage.AmountMicros);

        // The version served is the int8 one: the gate passed on the validation rows.
        var manifest = await _services.Registry.GetManifestAsync("flowers-mlp", VersionSelector.Latest, CancellationToken.None);
        Assert.Equal("dynamic-int8", manifest.Quantization);
        Assert.Contains(manifest.Card.Training!.PostProcessing, note => note.StartsWith("quantize: dynamic int8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Published_model_card_carries_dataset_hash_hyperparameters_metrics_and_hardware()
    {
        var (csv, _, _) = SyntheticCsv.Blobs(90, seed: 2);
        await _services.UploadAsync("small", csv);
        var job = await _services.SubmitAsync(TrainingRecipes.TabularClassifier, "small", "species", "card-check", new() { ["epochs"] = "3" });

        await _services.RunTrainerAsync();

        var manifest = await _services.Registry.GetManifestAsync("card-check", VersionSelector.Latest, CancellationToken.None);
        var training = manifest.Card.Training!;
        Assert.Equal(job.Id, training.JobId);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(csv))), training.DatasetSha256);
        Assert.Equal(["f1", "f2", "f3", "f4"], training.Features);
        Assert.Equal(["setosa", "versicolor", "virginica"], training.Classes);
        Assert.Equal("3", training.Hyperparameters["epochs"]);
        Assert.Contains("validation_accuracy", training.Metrics.Keys);
        Assert.StartsWith("cpu", training.Hardware, StringComparison.Ordinal);
        Assert.Contains(training.PostProcessing, note => note.StartsWith("quantize:", StringComparison.Ordinal));
        Assert.Equal(["features"], manifest.Inputs.Select(i => i.Name));
    }

    [Fact]
    public async Task Regressor_job_publishes_a_version_whose_error_is_small_against_the_targets_spread()
    {
        var (csv, _, _) = SyntheticCsv.Linear(500, seed: 3);
        await _services.UploadAsync("prices", csv);
        var job = await _services.SubmitAsync(TrainingRecipes.TabularRegressor, "prices", "price", "price-mlp", new() { ["epochs"] = "60", ["hidden"] = "16", ["learning_rate"] = "0.01" });

        await _services.RunTrainerAsync();

        Assert.Equal(TrainingJobStatus.Succeeded, (await _services.JobAsync(job.Id)).Status);
        var (heldX, _, heldY) = SyntheticCsv.Linear(200, seed: 77) is var held ? (held.Features, 0, held.Targets) : default;
        var (_, predictions) = await OnnxScoring.RunAsync(_services.Registry, "price-mlp", heldX, 3);
        var rmse = Math.Sqrt(predictions.Zip(heldY).Average(p => Math.Pow(p.First - p.Second, 2)));
        var spread = Math.Sqrt(heldY.Average(y => Math.Pow(y - heldY.Average(), 2)));
        Assert.True(rmse < spread * 0.2, $"rmse {rmse:F2} against a spread of {spread:F2}");
    }

    [Fact]
    public async Task Each_epoch_leaves_a_progress_event_with_loss_and_metric()
    {
        var (csv, _, _) = SyntheticCsv.Blobs(60, seed: 4);
        await _services.UploadAsync("events", csv);
        var job = await _services.SubmitAsync(TrainingRecipes.TabularClassifier, "events", "species", "events-mlp", new() { ["epochs"] = "5", ["patience"] = "0" });

        await _services.RunTrainerAsync();

        var events = await _services.Jobs.EventsAsync(TrainerTestServices.Tenant, job.Id, 0, CancellationToken.None);
        var epochs = events.Where(e => e.Kind == "epoch").ToList();
        Assert.Equal([1, 2, 3, 4, 5], epochs.Select(e => e.Epoch!.Value));
        Assert.All(epochs, e => Assert.Equal("accuracy", e.MetricName));
        Assert.All(epochs, e => Assert.NotNull(e.TrainLoss));
        Assert.Equal("published", events[^1].Kind);
        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
    }

    public void Dispose() => _services.Dispose();

    private async Task<UsageEvent> TrainingUsageAsync(string jobId)
    {
        var queue = _services.Get<ModelService.Core.Storage.StorageClientFactory>().CreateQueueServiceClient().GetQueueClient(UsageQueueSender.QueueName);
        var messages = (await queue.PeekMessagesAsync(32)).Value.SelectMany(m => UsageBatchJson.Parse(m.Body.ToString()));
        return Assert.Single(messages, m => m.CallId == $"train-{jobId}");
    }
}
