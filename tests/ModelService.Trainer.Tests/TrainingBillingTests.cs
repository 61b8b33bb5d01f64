using ModelService.Core.Billing;
using ModelService.Core.Training;
using ModelService.Testing;
using ModelService.Trainer.Worker;

namespace ModelService.Trainer.Tests;

/// <summary>Every way a job ends is billed exactly once, by one usage event keyed train-{job id}.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TrainingBillingTests(AzuriteFixture azurite) : IDisposable
{
    private const long PricePerSecond = 250;
    private TrainerTestServices _services = new(azurite, maxAttempts: 1);

    [Fact]
    public async Task A_succeeded_job_is_billed_once_for_every_started_second_with_its_key_and_a_redelivery_bills_nothing_more()
    {
        var job = await SubmitAsync("paid", epochs: 3, keyId: "key-123");

        await _services.RunTrainerAsync();
        await RedeliverAsync(job);
        await _services.RunTrainerAsync();

        var done = await _services.JobAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Succeeded, done.Status);
        Assert.NotNull(done.BilledAt);
        var usage = Assert.Single(_services.Usage.For(job.Id));
        Assert.Equal((UsageStatus.Succeeded, "key-123", (long)Math.Ceiling(done.TrainingSeconds) * PricePerSecond, 1), (usage.Status, usage.KeyId, usage.AmountMicros, usage.Version));
        Assert.Equal(done.FinishedAt, usage.OccurredAt);

        // Trained on the CPU: its compute time × 20 W × 1.1 PUE in nWh (1 nWh = 3.6 µJ), then × 300 g/kWh in ng.
        Assert.StartsWith("cpu", done.Device, StringComparison.Ordinal);
        var energy = (long)Math.Round(usage.ComputeMicros * 22m / 3.6m, MidpointRounding.AwayFromZero);
        Assert.Equal((energy, (long)Math.Round(energy * 300m / 1000m, MidpointRounding.AwayFromZero)), (usage.EnergyNanoWattHours, usage.Co2eNanograms));
        Assert.Equal([1], await _services.Registry.ListVersionsAsync("paid", CancellationToken.None));
        var audit = Assert.Single(await _services.Get<ModelService.Core.Audit.AuditLog>().ListAsync(TrainerTestServices.Tenant, 10, CancellationToken.None));
        Assert.Equal(("key:key-123", "model.publish", "model:paid:1"), (audit.Actor, audit.Action, audit.Target));
    }

    [Fact]
    public async Task A_job_that_fails_after_a_partial_run_is_billed_once_at_zero_with_its_seconds_as_compute()
    {
        var job = await SubmitAsync("partial", epochs: 3);
        _services.Usage.FailOther = m => m.Request.Method == Azure.Core.RequestMethod.Put && m.Request.Uri.Path.EndsWith("/model.onnx", StringComparison.Ordinal);

        await _services.RunTrainerAsync();

        var done = await _services.JobAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Failed, done.Status);
        Assert.StartsWith("Gave up after 1 attempts.", done.Reason, StringComparison.Ordinal);

        // The reason is the service's words: no .NET type name or storage text of the injected failure.
        Assert.DoesNotContain("Exception", done.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Injected", done.Reason, StringComparison.Ordinal);
        var usage = Assert.Single(_services.Usage.For(job.Id));
        Assert.Equal((UsageStatus.Failed, 0L, 0L, TrainingBilling.FailedError), (usage.Status, usage.AmountMicros, usage.Items, usage.Error));
        Assert.True(usage.ComputeMicros > 0);
    }

    [Fact]
    public async Task A_job_cancelled_mid_run_is_billed_once_for_the_seconds_it_ran()
    {
        var job = await SubmitAsync("cancelled", epochs: 100000);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var trainer = _services.RunTrainerAsync(stop.Token);
        await WaitForEpochAsync(job.Id);
        await _services.Jobs.CancelAsync(TrainerTestServices.Tenant, job.Id, CancellationToken.None);
        await trainer.WaitAsync(TimeSpan.FromSeconds(60));

        var done = await _services.JobAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Cancelled, done.Status);
        var usage = Assert.Single(_services.Usage.For(job.Id));
        Assert.Equal((UsageStatus.Succeeded, TrainingBilling.CancelledError), (usage.Status, usage.Error));
        Assert.Equal((long)Math.Ceiling(done.TrainingSeconds) * PricePerSecond, usage.AmountMicros);
        Assert.True(usage.AmountMicros > 0);
    }

    [Fact]
    public async Task A_job_whose_lease_expired_on_its_last_attempt_is_failed_by_the_claimer_and_billed_once_at_zero()
    {
        var job = await SubmitAsync("expired", epochs: 3);
        await _services.Store.ChangeAsync(job.TenantId, job.Id, j => j with { Status = TrainingJobStatus.Running, Attempts = 1, TrainingSeconds = 12.5, LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) }, CancellationToken.None);

        await _services.RunTrainerAsync();

        var done = await _services.JobAsync(job.Id);
        Assert.Equal(TrainingJobStatus.Failed, done.Status);
        var usage = Assert.Single(_services.Usage.For(job.Id));
        Assert.Equal((UsageStatus.Failed, 0L, 12_500_000L), (usage.Status, usage.AmountMicros, usage.ComputeMicros));

        // Not billed, but its energy is still counted: 12.5 s × 20 W × 1.1 = 275 J = 76,388,888.9 nWh; × 300 g/kWh = 22,916,666.7 ng.
        Assert.Equal((76_388_889L, 22_916_667L), (usage.EnergyNanoWattHours, usage.Co2eNanograms));
        Assert.Null(await _services.Queue.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_job_cancelled_before_it_ran_is_billed_once_at_zero()
    {
        var job = await SubmitAsync("never-ran", epochs: 3);
        await _services.Jobs.CancelAsync(TrainerTestServices.Tenant, job.Id, CancellationToken.None);

        await _services.RunTrainerAsync();

        var usage = Assert.Single(_services.Usage.For(job.Id));
        Assert.Equal((0L, TrainingBilling.CancelledError), (usage.AmountMicros, usage.Error));
        Assert.Equal(0, (await _services.JobAsync(job.Id)).Attempts);
    }

    [Fact]
    public async Task A_crash_after_success_and_before_billing_leaves_the_job_succeeded_and_the_next_trainer_bills_it_once_without_retraining()
    {
        _services.Dispose();
        _services = new TrainerTestServices(azurite, maxAttempts: 3, retryDelaySeconds: 1);
        var job = await SubmitAsync("crash-before-billing", epochs: 3);

        // Neither the queue nor the parking container can be reached: the event is neither queued nor parked.
        _services.Usage.FailSends = true;
        _services.Usage.FailOther = m => m.Request.Uri.Path.Contains("/usage-parked", StringComparison.Ordinal);

        await _services.RunTrainerAsync();

        var unbilled = await _services.JobAsync(job.Id);
        Assert.Equal((TrainingJobStatus.Succeeded, 1, 1), (unbilled.Status, unbilled.Attempts, unbilled.ResultVersion));
        Assert.Null(unbilled.BilledAt);
        Assert.True(_services.Usage.Refused > 0);
        Assert.Empty(_services.Usage.For(job.Id));

        _services.Usage.FailSends = false;
        _services.Usage.FailOther = _ => false;
        await WaitUntilVisibleAsync();
        var handled = await _services.RunTrainerAsync();
        Assert.Equal(1, handled);

        var billed = await _services.JobAsync(job.Id);
        Assert.Equal((TrainingJobStatus.Succeeded, 1, 1), (billed.Status, billed.Attempts, billed.ResultVersion));
        Assert.NotNull(billed.BilledAt);
        var usage = Assert.Single(_services.Usage.For(job.Id));
        Assert.Equal(_services.Get<TrainingBilling>().EventOf(unbilled), usage);
        Assert.Equal([1], await _services.Registry.ListVersionsAsync("crash-before-billing", CancellationToken.None));
    }

    [Fact]
    public async Task A_crash_after_publishing_and_before_recording_the_end_finishes_with_that_version_without_training_again()
    {
        _services.Dispose();
        _services = new TrainerTestServices(azurite, maxAttempts: 3);
        var job = await SubmitAsync("crash-after-publish", epochs: 3);
        await _services.RunTrainerAsync();
        var published = await _services.JobAsync(job.Id);

        // What a trainer that died right after publishing leaves: a running record, its message back on the queue.
        await _services.Store.ChangeAsync(job.TenantId, job.Id, j => j with { Status = TrainingJobStatus.Running, ResultVersion = null, FinishedAt = null, BilledAt = null, LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) }, CancellationToken.None);
        await RedeliverAsync(job);
        await _services.RunTrainerAsync();

        var done = await _services.JobAsync(job.Id);
        Assert.Equal((TrainingJobStatus.Succeeded, 2, 1), (done.Status, done.Attempts, done.ResultVersion));
        Assert.Equal([1], await _services.Registry.ListVersionsAsync("crash-after-publish", CancellationToken.None));
        Assert.Equal(published.Metrics, done.Metrics);
        Assert.Single(_services.Usage.For(job.Id).Select(e => e.CallId).Distinct());
    }

    [Fact]
    public async Task A_job_trained_on_a_gpu_carries_the_energy_of_the_gpus_power()
    {
        var job = await SubmitAsync("on-gpu", epochs: 3);
        var finished = job with { Status = TrainingJobStatus.Succeeded, TrainingSeconds = 12.5, Device = "cuda (NVIDIA H200, 1 device(s))", FinishedAt = job.CreatedAt.AddMinutes(1) };

        var usage = _services.Get<TrainingBilling>().EventOf(finished);

        // 12.5 s × 250 W × 1.1 = 3,437.5 J = 954,861,111.1 nWh; × 300 g/kWh = 286,458,333.3 ng.
        Assert.Equal((12_500_000L, 954_861_111L, 286_458_333L), (usage.ComputeMicros, usage.EnergyNanoWattHours, usage.Co2eNanograms));
        Assert.Equal(usage, _services.Get<TrainingBilling>().EventOf(finished));
    }

    public void Dispose() => _services.Dispose();

    private async Task<TrainingJob> SubmitAsync(string model, int epochs, string? keyId = null)
    {
        var (csv, _, _) = SyntheticCsv.Blobs(60, seed: 11);
        await _services.UploadAsync(model, csv);
        return await _services.SubmitAsync(TrainingRecipes.TabularClassifier, model, "species", model, new() { ["epochs"] = epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), ["patience"] = "0" }, keyId);
    }

    /// <summary>The queue delivers a message at least once: put the job's pointer back as a redelivery would.</summary>
    private Task RedeliverAsync(TrainingJob job) => _services.Queue.SendAsync(new TrainingJobMessage(job.TenantId, job.Id), CancellationToken.None);

    private async Task WaitUntilVisibleAsync()
    {
        for (var attempt = 0; attempt < 100 && (await _services.Queue.Client.PeekMessagesAsync(1)).Value.Length == 0; attempt++)
        {
            await Task.Delay(100);
        }
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
