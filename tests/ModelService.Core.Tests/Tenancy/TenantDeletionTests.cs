using System.Text;
using Azure.Storage.Blobs;
using ModelService.Core.Audit;
using ModelService.Core.Billing;
using ModelService.Core.Errors;
using ModelService.Core.Predictions;
using ModelService.Core.Registry;
using ModelService.Core.Storage;
using ModelService.Core.Tenancy;
using ModelService.Core.Training;
using ModelService.Testing;

namespace ModelService.Core.Tests.Tenancy;

/// <summary>A tenant's deletion against Azurite: everything of its own goes, its ledger stays, another tenant is untouched.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TenantDeletionTests : IDisposable
{
    private const string Request = """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}""";
    private readonly string _predictionsContainer = TestNames.Container("predictions");
    private readonly string _gone = TestNames.Tenant("gone");
    private readonly string _kept = TestNames.Tenant("kept");
    private readonly CoreTestServices _services;

    public TenantDeletionTests(AzuriteFixture azurite)
    {
        _services = new CoreTestServices(azurite, settings: new Dictionary<string, string?>
        {
            ["ModelService:Tenancy:TenantsTable"] = TestNames.Table("tenants"),
            ["ModelService:Tenancy:KeysTable"] = TestNames.Table("keys"),
            ["ModelService:Tenancy:AuditTable"] = TestNames.Table("audit"),
            ["ModelService:Billing:UsageTable"] = TestNames.Table("usage"),
            ["ModelService:Predictions:Table"] = TestNames.Table("predictions"),
            ["ModelService:Predictions:Container"] = _predictionsContainer,
            ["ModelService:Predictions:InlineRequestMaxBytes"] = "16",
            ["ModelService:Training:DatasetsContainer"] = TestNames.Container("datasets"),
        });
    }

    [Fact]
    public async Task Deletion_removes_the_tenants_data_keeps_its_ledger_audits_and_leaves_another_tenant_untouched()
    {
        var goneModel = await SeedAsync(_gone);
        var keptModel = await SeedAsync(_kept);

        var result = await DeleteAsync(_gone);

        Assert.Equal((2, 1, 1, 1, 2, false), (result.Keys, result.Predictions, result.Datasets, result.Models, result.ModelVersions, result.AlreadyDeleted));
        await AssertEmptiedAsync(_gone, goneModel);
        Assert.Single(await Ledger.QueryLedgerAsync(_gone, Today, Today, CancellationToken.None));
        Assert.NotNull((await Tenants.FindTenantAsync(_gone, CancellationToken.None))!.DeletedAt);
        var audit = Assert.Single(await _services.Get<AuditLog>().ListAsync(_gone, 10, CancellationToken.None), e => e.Action == AuditActions.TenantDelete);
        Assert.Equal(("operator:test", $"tenant:{_gone}"), (audit.Actor, audit.Target));
        Assert.Contains("keys 2, predictions 1, datasets 1, models 1 (2 versions)", audit.Detail, StringComparison.Ordinal);
        await AssertUntouchedAsync(_kept, keptModel);
    }

    [Fact]
    public async Task A_second_run_changes_nothing_and_audits_nothing_more()
    {
        var keptModel = await SeedAsync(_kept);
        await SeedAsync(_gone);
        var first = await DeleteAsync(_gone);

        var second = await DeleteAsync(_gone);

        Assert.Equal((0, 0, 0, 0, 0, true), (second.Keys, second.Predictions, second.Datasets, second.Models, second.ModelVersions, second.AlreadyDeleted));
        Assert.Equal(first.DeletedAt, second.DeletedAt);
        Assert.Single(await _services.Get<AuditLog>().ListAsync(_gone, 10, CancellationToken.None), e => e.Action == AuditActions.TenantDelete);
        await AssertUntouchedAsync(_kept, keptModel);
    }

    [Fact]
    public async Task A_second_run_finishes_a_deletion_cut_short()
    {
        var model = await SeedAsync(_gone);

        // As if a first run had stopped after the keys and predictions: marked nothing, audited nothing.
        await Tenants.DeleteKeysAsync(_gone, CancellationToken.None);
        await _services.Get<PredictionStore>().DeleteAllAsync(_gone, CancellationToken.None);
        var result = await DeleteAsync(_gone);

        Assert.Equal((0, 0, 1, 1, 2, false), (result.Keys, result.Predictions, result.Datasets, result.Models, result.ModelVersions, result.AlreadyDeleted));
        await AssertEmptiedAsync(_gone, model);
        Assert.Single(await _services.Get<AuditLog>().ListAsync(_gone, 10, CancellationToken.None), e => e.Action == AuditActions.TenantDelete);
    }

    [Fact]
    public async Task A_deleted_tenant_gets_no_new_key_and_an_unknown_one_cannot_be_deleted()
    {
        await SeedAsync(_gone);
        await DeleteAsync(_gone);

        var key = await Assert.ThrowsAsync<ModelServiceException>(() => Tenants.CreateKeyAsync(_gone, ApiKeyScopes.Infer, CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<ModelServiceException>(() => DeleteAsync(TestNames.Tenant("never")));

        Assert.Equal(ErrorCode.ModelNotFound, key.Code);
        Assert.Equal(ErrorCode.NotFound, unknown.Code);
        Assert.Equal(ErrorCode.Conflict, (await Assert.ThrowsAsync<ModelServiceException>(() => Tenants.CreateTenantAsync(_gone, "again", null, null, CancellationToken.None))).Code);
    }

    public void Dispose() => _services.Dispose();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private TenantStore Tenants => _services.Get<TenantStore>();

    private UsageLedger Ledger => _services.Get<UsageLedger>();

    private IModelRegistry Registry => _services.Get<IModelRegistry>();

    private Task<TenantDeletionResult> DeleteAsync(string tenant) =>
        _services.Get<TenantDeletion>().DeleteAsync(tenant, "operator:test", "test@host", CancellationToken.None);

    /// <summary>Two keys, a dataset, a prediction with request and result blobs, a private model of two versions, a ledger row.</summary>
    private async Task<string> SeedAsync(string tenant)
    {
        await Tenants.CreateTenantAsync(tenant, tenant, null, null, CancellationToken.None);
        await Tenants.CreateKeyAsync(tenant, ApiKeyScopes.Infer, CancellationToken.None);
        await Tenants.CreateKeyAsync(tenant, ApiKeyScopes.Usage, CancellationToken.None);
        await _services.Get<DatasetStore>().UploadAsync(tenant, "iris", Encoding.UTF8.GetBytes("a,b\n1,2\n"), TenantLimits.Defaults, CancellationToken.None);
        var record = new PredictionRecord { Id = PredictionIds.New(), TenantId = tenant, Model = "scorer", Status = PredictionStatus.Succeeded, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        var predictions = _services.Get<PredictionStore>();
        await predictions.SubmitAsync(record, Encoding.UTF8.GetBytes(Request), CancellationToken.None);
        await predictions.WriteResultAsync(record, Encoding.UTF8.GetBytes("{}"), CancellationToken.None);
        var model = TestNames.Model("own");
        await PublishAsync(model, tenant);
        await PublishAsync(model, tenant);
        await Ledger.RecordAsync(new UsageEvent
        {
            CallId = Guid.NewGuid().ToString("N"), TenantId = tenant, Model = model, Version = 1, Kind = UsageKinds.Sync, Items = 1,
            ComputeMicros = 42, Status = UsageStatus.Succeeded, AmountMicros = 100, OccurredAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
        return model;
    }

    private async Task AssertEmptiedAsync(string tenant, string model)
    {
        Assert.Empty(await Tenants.ListKeysAsync(tenant, CancellationToken.None));
        Assert.Equal(0, await _services.Get<PredictionStore>().DeleteAllAsync(tenant, CancellationToken.None));
        Assert.Empty(await BlobsAsync(_predictionsContainer, tenant + "/"));
        Assert.False(await _services.Get<DatasetStore>().ExistsAsync(tenant, "iris", CancellationToken.None));
        Assert.Empty(await Registry.ListVersionsAsync(model, CancellationToken.None));
        Assert.Empty(await BlobsAsync(_services.ContainerName, model + "/"));
    }

    private async Task AssertUntouchedAsync(string tenant, string model)
    {
        Assert.Equal(2, (await Tenants.ListKeysAsync(tenant, CancellationToken.None)).Count);
        Assert.Null((await Tenants.FindTenantAsync(tenant, CancellationToken.None))!.DeletedAt);
        Assert.Equal(2, (await BlobsAsync(_predictionsContainer, tenant + "/")).Count);
        Assert.True(await _services.Get<DatasetStore>().ExistsAsync(tenant, "iris", CancellationToken.None));
        Assert.Equal([1, 2], await Registry.ListVersionsAsync(model, CancellationToken.None));
        Assert.Single(await Ledger.QueryLedgerAsync(tenant, Today, Today, CancellationToken.None));
    }

    private async Task<List<string>> BlobsAsync(string container, string prefix)
    {
        var names = new List<string>();
        var client = _services.Get<StorageClientFactory>().CreateBlobServiceClient().GetBlobContainerClient(container);
        await foreach (var blob in client.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private async Task PublishAsync(string name, string owner)
    {
        var file = TestModels.WriteTemporary(TestModels.AddBias(2, 1f));
        try
        {
            await Registry.PublishAsync(new ModelPublication { Name = name, Owner = owner }, file, null, CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
