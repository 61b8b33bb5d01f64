using ModelService.Core.Registry;
using ModelService.Core.Training;
using ModelService.Testing;

namespace ModelService.Trainer.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class JobLifecycleTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TrainerTestServices _services = new(azurite, maxAttempts: 3);

    [Fact]
    public async Task Cancel_is_honoured_between_epochs_and_publishes_nothing()
    {
        var (csv, _, _) = SyntheticCsv.Blobs(60, seed: 5);
        await _services.UploadAsync("long", csv);
        var job = await _services.SubmitAsync(TrainingRecipes.TabularClassifier, "long", "species", "never-published", new() { ["epochs"] = "100000", ["patience"] = "0" });

        var trainer = _services.RunTrainerAsync();
        await WaitForEpochAsync(job.Id);
        var cancelling = await _services.Jobs.CancelAsync(TrainerTestServices.Tenant, job.Id, CancellationToken.None);
        await trainer.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(cancelling.CancelRequested);
        var done = await _services.JobAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Cancelled, done.Status);
        Assert.Null(done.ResultVersion);
        Assert.Empty(await _services.Registry.ListVersionsAsync("never-published", CancellationToken.None));
    }

    [Fact]
    public async Task A_queued_job_cancelled_before_a_trainer_takes_it_never_runs()
    {
        var (csv, _, _) = SyntheticCsv.Blobs(30, seed: 6);
        await _services.UploadAsync("queued", csv);
        var job = await _services.SubmitAsync(TrainingRecipes.TabularClassifier, "queued", "species", "queued-mlp");

        var cancelled = await _services.Jobs.CancelAsync(TrainerTestServices.Tenant, job.Id, CancellationToken.None);
        await _services.RunTrainerAsync();

        Assert.Equal(TrainingJobStatus.Cancelled, cancelled.Status);
        Assert.Equal(0, (await _services.JobAsync(job.Id)).Attempts);
        Assert.Null(await _services.Queue.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Theory]
    [InlineData("f1,f2,species\n1,2,a\n1,oops,b\n", "Line 3: column 'f2' is not a finite number.")]
    [InlineData("f1,f2,kind\n1,2,a\n3,4,b\n", "The label column 'species' is not in the header (3 columns).")]
    [InlineData("f1,f2,species\n1,2,a\n1,2\n", "Line 3 has 2 fields; the header has 3.")]
    [InlineData("f1,f2,species\n1,2,a\n3,4,a\n", "The dataset has 2 data rows; at least 10 are needed.")]
    public async Task A_bad_dataset_fails_the_job_with_a_reason_that_holds_no_data(string csv, string reason)
    {
        await _services.UploadAsync("bad", csv);
        var job = await _services.SubmitAsync(TrainingRecipes.TabularClassifier, "bad", "species", "bad-mlp");

        await _services.RunTrainerAsync();

        var done = await _services.JobAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Failed, done.Status);
        Assert.Equal(reason, done.Reason);
        Assert.DoesNotContain("oops", done.Reason, StringComparison.Ordinal);
        Assert.Null(await _services.Queue.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_job_left_running_by_a_crashed_trainer_is_taken_over_once_its_lease_expires_and_the_attempt_counted()
    {
        var job = await CrashedJobAsync(attempts: 1, "crashed");

        await _services.RunTrainerAsync();

        var done = await _services.JobAsync(job.Id);
        Assert.True(done.Status == TrainingJobStatus.Succeeded, done.Reason);
        Assert.Equal(2, done.Attempts);
        Assert.Equal(1, done.ResultVersion);
    }

    [Fact]
    public async Task A_job_that_crashed_on_its_last_attempt_is_marked_failed_not_left_running()
    {
        var job = await CrashedJobAsync(attempts: 3, "crashed-thrice");

        await _services.RunTrainerAsync();

        var done = await _services.JobAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Failed, done.Status);
        Assert.Equal(3, done.Attempts);
        Assert.StartsWith("Gave up after 3 attempts. Attempt 3 was interrupted", done.Reason, StringComparison.Ordinal);
        Assert.Empty(await _services.Registry.ListVersionsAsync("crashed-thrice", CancellationToken.None));
    }

    [Fact]
    public async Task A_running_job_with_a_live_lease_is_left_to_its_trainer()
    {
        var job = await CrashedJobAsync(attempts: 1, "alive", leaseExpiresIn: TimeSpan.FromMinutes(5));

        await _services.RunTrainerAsync();

        var after = await _services.JobAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Running, after.Status);
        Assert.Equal(1, after.Attempts);
    }

    [Fact]
    public async Task A_name_another_tenant_took_after_submission_fails_the_job_without_naming_that_tenant_or_publishing()
    {
        var (csv, _, _) = SyntheticCsv.Blobs(60, seed: 8);
        await _services.UploadAsync("taken", csv);
        var job = await _services.SubmitAsync(TrainingRecipes.TabularClassifier, "taken", "species", "taken-later", new() { ["epochs"] = "3" });
        var file = TestModels.WriteTemporary(TestModels.AddBias(4, 1f));
        await _services.Registry.PublishAsync(new ModelPublication { Name = "taken-later", Owner = "globex" }, file, null, CancellationToken.None);
        File.Delete(file);

        await _services.RunTrainerAsync();

        var done = await _services.JobAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Failed, done.Status);
        Assert.Equal(RegistryErrors.NotFound("taken-later", VersionSelector.Latest).Message, done.Reason);
        Assert.DoesNotContain("globex", done.Reason, StringComparison.Ordinal);
        Assert.Equal([1], await _services.Registry.ListVersionsAsync("taken-later", CancellationToken.None));
    }

    [Fact]
    public async Task A_message_that_is_not_a_job_pointer_goes_to_the_poison_queue()
    {
        await _services.Queue.EnsureCreatedAsync(CancellationToken.None);
        await _services.Queue.Client.SendMessageAsync("not json");

        await _services.RunTrainerAsync();

        var poisoned = await _services.Queue.PoisonClient.ReceiveMessageAsync();
        Assert.Equal("not json", poisoned.Value.Body.ToString());
    }

    public void Dispose() => _services.Dispose();

    /// <summary>What a trainer that died mid-run leaves behind: a running record and its message back on the queue.</summary>
    private async Task<TrainingJob> CrashedJobAsync(int attempts, string model, TimeSpan? leaseExpiresIn = null)
    {
        var (csv, _, _) = SyntheticCsv.Blobs(60, seed: 7);
        await _services.UploadAsync(model, csv);
        var job = await _services.SubmitAsync(TrainingRecipes.TabularClassifier, model, "species", model, new() { ["epochs"] = "3" });
        var now = DateTimeOffset.UtcNow;
        return (await _services.Store.ChangeAsync(job.TenantId, job.Id, j => j with
        {
            Status = TrainingJobStatus.Running,
            Attempts = attempts,
            HeartbeatAt = now.AddMinutes(-10),
            LeaseExpiresAt = now + (leaseExpiresIn ?? TimeSpan.FromMinutes(-5)),
        }, CancellationToken.None))!;
    }

    private async Task WaitForEpochAsync(string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await _services.Jobs.EventsAsync(TrainerTestServices.Tenant, jobId, 0, CancellationToken.None)).All(e => e.Kind != "epoch"))
        {
            Assert.True(DateTime.UtcNow < deadline, "no epoch event within 60 s");
            await Task.Delay(50);
        }
    }
}
