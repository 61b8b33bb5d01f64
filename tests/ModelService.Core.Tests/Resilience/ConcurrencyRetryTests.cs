using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelService.Core.Billing;
using ModelService.Core.Errors;
using ModelService.Core.Registry;
using ModelService.Core.Tests.Training;
using ModelService.Core.Training;
using ModelService.Testing;

namespace ModelService.Core.Tests.Resilience;

/// <summary>
/// The optimistic-concurrency retries of the stores, against Azurite: another writer wins the first N races, and
/// the store applies its change to the winner's version, or gives up with its usual error after its attempts.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConcurrencyRetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly AzuriteFixture _azurite;
    private readonly CompetingWritePolicy _competitor = new();
    private readonly FakeTimeProvider _time = new(Now);

    public ConcurrencyRetryTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public async Task An_alias_change_lost_to_another_writer_is_applied_to_its_version_within_the_attempts(int lostRaces, bool succeeds)
    {
        var container = await ContainerAsync();
        var aliases = new AliasStore(container, attempts: 4, _time);
        await aliases.SetAsync("iris", "prod", 1, CancellationToken.None);
        var other = new BlobContainerClient(_azurite.ConnectionString, container.Name).GetBlobClient(BlobPaths.Aliases("iris"));
        _competitor.Matches = message => message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.EndsWith("/iris/aliases.json", StringComparison.Ordinal);
        _competitor.CompetingWrite = race => other.UploadAsync(BinaryData.FromString($$"""{"prod":1,"canary":{{race}}}"""), overwrite: true);
        _competitor.FailNext(lostRaces);

        var set = aliases.SetAsync("iris", "stable", 2, CancellationToken.None);

        if (succeeds)
        {
            await _time.CompleteAsync(Completed(set), TimeSpan.FromMilliseconds(100));
            Assert.Equal(new Dictionary<string, int> { ["canary"] = 3, ["prod"] = 1, ["stable"] = 2 }, await aliases.GetAsync("iris", CancellationToken.None));
        }
        else
        {
            var error = await Assert.ThrowsAsync<ModelServiceException>(() => _time.CompleteAsync(Completed(set), TimeSpan.FromMilliseconds(100)));
            Assert.Equal((ErrorCode.Conflict, "The aliases of 'iris' kept changing concurrently; try again."), (error.Code, error.Message));
            Assert.Equal(new Dictionary<string, int> { ["canary"] = 4, ["prod"] = 1 }, await aliases.GetAsync("iris", CancellationToken.None));
        }

        Assert.Equal(lostRaces, _competitor.Injected);
    }

    [Theory]
    [InlineData(7, true)]
    [InlineData(8, false)]
    public async Task A_job_change_lost_to_another_writer_is_applied_to_its_version_within_eight_attempts(int lostRaces, bool succeeds)
    {
        var table = TestNames.Table("jobs");
        using var services = new TrainingTestServices(_azurite, _competitor, new Dictionary<string, string?> { ["ModelService:Training:JobsTable"] = table });
        var job = await services.Store.CreateAsync(Job(), CancellationToken.None);
        var other = new TableClient(_azurite.ConnectionString, table);
        _competitor.Matches = message => message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.Contains(job.Id, StringComparison.Ordinal);
        _competitor.CompetingWrite = race => other.UpdateEntityAsync(new TableEntity(job.TenantId, job.Id) { ["HeartbeatAt"] = Now.AddMinutes(race) }, ETag.All, TableUpdateMode.Merge);
        _competitor.FailNext(lostRaces);
        var changes = 0;

        var change = services.Store.ChangeAsync(job.TenantId, job.Id, j => j with { Attempts = j.Attempts + 1, Reason = $"change {++changes}" }, CancellationToken.None);

        if (succeeds)
        {
            var changed = await change;
            Assert.Equal((1, $"change {lostRaces + 1}", Now.AddMinutes(lostRaces)), (changed!.Attempts, changed.Reason, changed.HeartbeatAt));
        }
        else
        {
            var error = await Assert.ThrowsAsync<ModelServiceException>(() => change);
            Assert.Equal((ErrorCode.Conflict, $"Training job {job.Id} was changed concurrently."), (error.Code, error.Message));
            Assert.Equal(0, (await services.Store.FindAsync(job.TenantId, job.Id, CancellationToken.None))!.Attempts);
        }

        Assert.Equal((lostRaces, lostRaces + (succeeds ? 1 : 0)), (_competitor.Injected, changes));
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public async Task A_usage_batch_whose_totals_another_consumer_moved_is_committed_within_the_attempts(int lostRaces, bool succeeds)
    {
        var tenant = TestNames.Tenant();
        var table = TestNames.Table("usage");
        using var services = new CoreTestServices(
            _azurite,
            settings: new Dictionary<string, string?> { ["ModelService:Billing:UsageTable"] = table, ["ModelService:Billing:RecordAttempts"] = "3", ["ModelService:Billing:LedgerBuckets"] = "1" },
            configure: s => s.AddSingleton<HttpPipelinePolicy>(_competitor).AddSingleton<TimeProvider>(_time));
        var ledger = services.Get<UsageLedger>();
        await ledger.RecordAsync(Usage(tenant, "first", 100), CancellationToken.None);
        var other = new TableClient(_azurite.ConnectionString, table);
        var (partition, row) = (UsageKeys.Partition(tenant, 0), UsageKeys.Totals(UsageKeys.DayOf(Now), "iris"));
        _competitor.Matches = message => message.Request.Uri.Path.Contains("$batch", StringComparison.Ordinal);
        _competitor.CompetingWrite = async _ =>
        {
            // Writes the totals back as they are: only their ETag moves, as when another consumer added to them.
            var totals = (await other.GetEntityAsync<TableEntity>(partition, row)).Value;
            await other.UpdateEntityAsync(totals, ETag.All, TableUpdateMode.Replace);
        };
        _competitor.FailNext(lostRaces);

        var record = ledger.RecordAsync(Usage(tenant, "second", 250), CancellationToken.None);

        if (succeeds)
        {
            Assert.Equal(UsageRecordOutcome.Recorded, await _time.CompleteAsync(record, TimeSpan.FromMilliseconds(100)));
        }
        else
        {
            var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => _time.CompleteAsync(record, TimeSpan.FromMilliseconds(100)));
            Assert.True(error.Status is 409 or 412, $"Status {error.Status}");
        }

        var expected = succeeds ? (2L, 350L) : (1L, 100L);
        var ledgerRows = await ledger.QueryLedgerAsync(tenant, UsageKeys.DayOf(Now), UsageKeys.DayOf(Now), CancellationToken.None);
        var day = Assert.Single(await ledger.QueryTotalsAsync(tenant, UsageKeys.DayOf(Now), UsageKeys.DayOf(Now), CancellationToken.None));
        Assert.Equal(expected, (ledgerRows.Count, ledgerRows.Sum(e => e.AmountMicros)));
        Assert.Equal(expected, (day.Calls, day.AmountMicros));
        Assert.Equal(lostRaces, _competitor.Injected);
    }

    private static async Task<bool> Completed(Task task)
    {
        await task;
        return true;
    }

    private async Task<BlobContainerClient> ContainerAsync()
    {
        var options = new BlobClientOptions();
        options.AddPolicy(_competitor, HttpPipelinePosition.PerCall);
        var container = new BlobContainerClient(_azurite.ConnectionString, TestNames.Container("aliases"), options);
        await container.CreateIfNotExistsAsync();
        return container;
    }

    private static TrainingJob Job() => new()
    {
        Id = TrainingJobIds.New(),
        TenantId = TestNames.Tenant(),
        Recipe = TrainingRecipes.TabularClassifier,
        Dataset = "iris",
        Label = "species",
        OutputModel = "iris-mlp",
        Hyperparameters = new Dictionary<string, string>(),
        Status = TrainingJobStatus.Queued,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static UsageEvent Usage(string tenant, string callId, long amount) => new()
    {
        CallId = callId,
        TenantId = tenant,
        Model = "iris",
        Version = 1,
        Kind = UsageKinds.Sync,
        Items = 1,
        ComputeMicros = 42,
        Status = UsageStatus.Succeeded,
        AmountMicros = amount,
        OccurredAt = Now,
    };
}
