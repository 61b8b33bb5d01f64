using System.Text;
using ModelService.Core.Errors;
using ModelService.Core.Registry;
using ModelService.Core.Training;
using ModelService.Testing;

namespace ModelService.Core.Tests.Training;

[Collection(AzuriteCollection.Name)]
public sealed class TrainingJobServiceTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TrainingTestServices _services = new(azurite);

    [Fact]
    public async Task Submit_writes_a_queued_record_then_a_message_that_points_at_it()
    {
        await UploadAsync("acme", "iris");

        var job = await SubmitAsync("acme", new TrainingJobRequest(TrainingRecipes.TabularClassifier, "iris", "species", "iris-mlp", new Dictionary<string, string> { ["epochs"] = "7", ["hidden"] = "8, 4" }));

        Assert.Equal(TrainingJobStatus.Queued, job.Status);
        Assert.Equal("7", job.Hyperparameters["epochs"]);
        Assert.Equal("8,4", job.Hyperparameters["hidden"]);
        var message = await _services.Queue.ReceiveAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(new TrainingJobMessage("acme", job.Id), TrainingJobQueue.TryParse(message!));
        var stored = await _services.Jobs.GetAsync("acme", job.Id, CancellationToken.None);
        Assert.Equal((job.Recipe, job.Dataset, job.Label, job.OutputModel, job.Status, job.CreatedAt), (stored.Recipe, stored.Dataset, stored.Label, stored.OutputModel, stored.Status, stored.CreatedAt));
        Assert.Equal(job.Hyperparameters, stored.Hyperparameters);
    }

    [Theory]
    [InlineData("unknown-recipe", "iris", "species", "m", null, "Unknown recipe")]
    [InlineData(TrainingRecipes.TabularRegressor, "absent", "species", "m", null, "does not exist")]
    [InlineData(TrainingRecipes.TabularRegressor, "../iris", "species", "m", null, "Dataset name")]
    [InlineData(TrainingRecipes.TabularRegressor, "iris", "", "m", null, "label")]
    [InlineData(TrainingRecipes.TabularRegressor, "iris", "species", "Bad/Name", null, "outputModel")]
    [InlineData(TrainingRecipes.TabularRegressor, "iris", "species", "m", "epochs=0", "epochs must be")]
    [InlineData(TrainingRecipes.TabularRegressor, "iris", "species", "m", "learning_rate=abc", "learning_rate must be")]
    [InlineData(TrainingRecipes.TabularRegressor, "iris", "species", "m", "validation_fraction=0.9", "validation_fraction must be")]
    [InlineData(TrainingRecipes.TabularRegressor, "iris", "species", "m", "hidden=1,2,3,4,5,6,7,8,9", "hidden must list")]
    [InlineData(TrainingRecipes.TabularRegressor, "iris", "species", "m", "momentum=0.9", "Unknown hyperparameter 'momentum'")]
    public async Task Invalid_jobs_are_refused_before_anything_is_written(string recipe, string dataset, string label, string model, string? setting, string fragment)
    {
        await UploadAsync("acme", "iris");
        var hyperparameters = setting is null ? null : new Dictionary<string, string> { [setting.Split('=')[0]] = setting.Split('=')[1] };

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => SubmitAsync("acme", new TrainingJobRequest(recipe, dataset, label, model, hyperparameters)));

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Empty(await _services.Jobs.ListAsync("acme", CancellationToken.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("globex")]
    public async Task Training_into_a_name_held_by_an_operator_or_another_tenant_is_refused_in_the_words_of_a_missing_model(string? owner)
    {
        await UploadAsync("acme", "iris");
        var name = TestNames.Model("held");
        await PublishAsync(name, owner);

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => SubmitAsync("acme", Request("iris") with { OutputModel = name }));

        Assert.Equal(ErrorCode.ModelNotFound, error.Code);
        Assert.Equal(RegistryErrors.NotFound(name, VersionSelector.Latest).Message, error.Message);
        Assert.DoesNotContain("globex", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _services.Jobs.ListAsync("acme", CancellationToken.None));
        Assert.Null(await _services.Queue.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task Training_into_a_new_name_or_the_tenants_own_is_accepted()
    {
        await UploadAsync("acme", "iris");
        var own = TestNames.Model("own");
        await PublishAsync(own, "acme");

        Assert.Equal(TrainingJobStatus.Queued, (await SubmitAsync("acme", Request("iris") with { OutputModel = own })).Status);
        Assert.Equal(TrainingJobStatus.Queued, (await SubmitAsync("acme", Request("iris") with { OutputModel = TestNames.Model("fresh") })).Status);
    }

    [Fact]
    public async Task Another_tenants_job_and_dataset_are_not_found()
    {
        await UploadAsync("acme", "iris");
        var job = await SubmitAsync("acme", Request("iris"));

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => _services.Jobs.GetAsync("globex", job.Id, CancellationToken.None));
        Assert.Equal(ErrorCode.NotFound, error.Code);
        await Assert.ThrowsAsync<ModelServiceException>(() => _services.Jobs.CancelAsync("globex", job.Id, CancellationToken.None));
        await Assert.ThrowsAsync<ModelServiceException>(() => SubmitAsync("globex", Request("iris")));
        Assert.Empty(await _services.Jobs.ListAsync("globex", CancellationToken.None));
    }

    [Fact]
    public async Task Cancel_ends_a_queued_job_flags_a_running_one_and_leaves_a_finished_one()
    {
        await UploadAsync("acme", "iris");
        var queued = await SubmitAsync("acme", Request("iris"));
        var running = await SetStatusAsync(await SubmitAsync("acme", Request("iris")), TrainingJobStatus.Running);
        var finished = await SetStatusAsync(await SubmitAsync("acme", Request("iris")), TrainingJobStatus.Succeeded);

        Assert.Equal(TrainingJobStatus.Cancelled, (await _services.Jobs.CancelAsync("acme", queued.Id, CancellationToken.None)).Status);
        var flagged = await _services.Jobs.CancelAsync("acme", running.Id, CancellationToken.None);
        Assert.Equal((TrainingJobStatus.Running, true), (flagged.Status, flagged.CancelRequested));
        var unchanged = await _services.Jobs.CancelAsync("acme", finished.Id, CancellationToken.None);
        Assert.Equal((TrainingJobStatus.Succeeded, false), (unchanged.Status, unchanged.CancelRequested));
    }

    [Fact]
    public async Task A_replace_with_a_stale_etag_is_a_conflict_and_change_retries_on_the_new_version()
    {
        await UploadAsync("acme", "iris");
        var job = await SubmitAsync("acme", Request("iris"));
        await _services.Store.ReplaceAsync(job with { Attempts = 1 }, CancellationToken.None);

        var stale = await Assert.ThrowsAsync<ModelServiceException>(() => _services.Store.ReplaceAsync(job with { Attempts = 5 }, CancellationToken.None));
        var changed = await _services.Store.ChangeAsync("acme", job.Id, j => j with { Attempts = j.Attempts + 1 }, CancellationToken.None);

        Assert.Equal(ErrorCode.Conflict, stale.Code);
        Assert.Equal(2, changed!.Attempts);
    }

    [Fact]
    public async Task Events_come_back_in_order_after_a_sequence()
    {
        await UploadAsync("acme", "iris");
        var job = await SubmitAsync("acme", Request("iris"));
        foreach (var sequence in new[] { 3, 1, 2, 10 })
        {
            await _services.Events.AppendAsync(job.Id, new TrainingEvent { Sequence = sequence, At = DateTimeOffset.UtcNow, Kind = "epoch", Epoch = sequence }, CancellationToken.None);
        }

        var after = await _services.Jobs.EventsAsync("acme", job.Id, 1, CancellationToken.None);

        Assert.Equal([2, 3, 10], after.Select(e => e.Sequence));
        Assert.Equal(10, await _services.Events.LastSequenceAsync(job.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_listing_shows_the_tenants_jobs_newest_first()
    {
        await UploadAsync("acme", "iris");
        var first = await SubmitAsync("acme", Request("iris"));
        var second = await SubmitAsync("acme", Request("iris"));

        Assert.Equal([second.Id, first.Id], (await _services.Jobs.ListAsync("acme", CancellationToken.None)).Select(j => j.Id));
    }

    public void Dispose() => _services.Dispose();

    private async Task PublishAsync(string name, string? owner)
    {
        var file = TestModels.WriteTemporary(TestModels.AddBias(3, 1f));
        try
        {
            await _services.Registry.PublishAsync(new ModelPublication { Name = name, Owner = owner }, file, null, CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static TrainingJobRequest Request(string dataset) => new(TrainingRecipes.TabularClassifier, dataset, "species", "iris-mlp", null);

    private Task UploadAsync(string tenant, string name) =>
        _services.Datasets.UploadAsync(tenant, name, Encoding.UTF8.GetBytes("a,b,species\n1,2,x\n"), ModelService.Core.Tenancy.TenantLimits.Defaults, CancellationToken.None);

    private Task<TrainingJob> SubmitAsync(string tenant, TrainingJobRequest request) => _services.Jobs.SubmitAsync(tenant, request, CancellationToken.None);

    private async Task<TrainingJob> SetStatusAsync(TrainingJob job, TrainingJobStatus status) =>
        (await _services.Store.ChangeAsync(job.TenantId, job.Id, j => j with { Status = status }, CancellationToken.None))!;
}
