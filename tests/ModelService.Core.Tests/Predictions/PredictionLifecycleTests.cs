using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelService.Core.Errors;
using ModelService.Core.Predictions;
using ModelService.Core.Registry;
using ModelService.Core.Tenancy;
using ModelService.Testing;

namespace ModelService.Core.Tests.Predictions;

/// <summary>What an async request costs storage: refused when it cannot run, bounded per tenant, deleted on request and at retention.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PredictionLifecycleTests : IAsyncLifetime
{
    private const string Request = """{"id":"r1","inputs":[{"name":"x","shape":[2,3],"datatype":"FP32","data":[1,2,3,4,5,6]}]}""";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CoreTestServices _services;
    private readonly string _tenant = TestNames.Tenant("life");
    private string _model = string.Empty;

    public PredictionLifecycleTests(AzuriteFixture azurite)
    {
        _services = new CoreTestServices(
            azurite,
            settings: new Dictionary<string, string?>
            {
                ["ModelService:Tenancy:TenantsTable"] = TestNames.Table("tenants"),
                ["ModelService:Tenancy:KeysTable"] = TestNames.Table("keys"),
                ["ModelService:Billing:UsageTable"] = TestNames.Table("usage"),
                ["ModelService:Predictions:Table"] = TestNames.Table("predictions"),
                ["ModelService:Predictions:Container"] = TestNames.Container("predictions"),
                ["ModelService:Predictions:InlineRequestMaxBytes"] = "16",
                ["ModelService:Predictions:MaxPendingPerTenant"] = "2",
                ["ModelService:Predictions:RetentionDays"] = "7",
            },
            configure: services => services.AddSingleton<TimeProvider>(_time));
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]}]}""", "'x'")]
    [InlineData("""{"inputs":[{"name":"nope","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}""", "no input 'nope'")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":["a",2,3]}]}""", "not a valid FP32")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]}],"outputs":[{"name":"z"}]}""", "no output 'z'")]
    [InlineData("""[1,2]""", "JSON object")]
    public async Task A_request_that_cannot_run_is_refused_at_submission_and_not_stored(string body, string reason)
    {
        var error = await Assert.ThrowsAsync<ModelServiceException>(() => SubmitAsync(body));

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Store.CountPendingAsync(_tenant, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_tenant_at_its_pending_limit_is_told_to_wait()
    {
        await SubmitAsync(Request);
        await SubmitAsync(Request);

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => SubmitAsync(Request));

        Assert.Equal(ErrorCode.RateLimited, error.Code);
        Assert.Contains("2 asynchronous predictions", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.RetryAfter);
    }

    [Fact]
    public async Task A_tenant_s_own_pending_limit_stored_on_its_record_wins_over_the_default()
    {
        await _services.Get<TenantStore>().SetStorageLimitsAsync(_tenant, 1, null, null, CancellationToken.None);
        var tenant = (await _services.Get<TenantStore>().FindTenantAsync(_tenant, CancellationToken.None))!;
        var caller = new Caller(_tenant, "test", ApiKeyScopes.Infer) { Limits = TenantLimits.Of(tenant) };
        var submitter = _services.Get<PredictionSubmitter>();
        await submitter.SubmitAsync(caller, _model, null, Encoding.UTF8.GetBytes(Request), null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => submitter.SubmitAsync(caller, _model, null, Encoding.UTF8.GetBytes(Request), null, CancellationToken.None));

        Assert.Equal((1, (int?)null, (long?)null), (tenant.MaxPendingPredictions, tenant.MaxDatasets, tenant.MaxDatasetBytes));
        Assert.Contains("1 asynchronous predictions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_prediction_removes_its_record_request_and_result()
    {
        var record = await SubmitAsync(Request);
        await Store.WriteResultAsync(record, Encoding.UTF8.GetBytes("{}"), CancellationToken.None);
        var message = new PredictionMessage { Id = record.Id, TenantId = _tenant, Model = _model, RequestBlob = $"{_tenant}/{record.Id}/request.json" };
        var storedRequest = await Store.ReadRequestAsync(message, CancellationToken.None);

        Assert.True(await Store.DeleteAsync(_tenant, record.Id, CancellationToken.None));

        Assert.Equal(Request.Length, storedRequest.Length);
        Assert.Null(await Store.FindAsync(_tenant, record.Id, CancellationToken.None));
        Assert.Null(await Store.ReadResultAsync(record, CancellationToken.None));
        var gone = await Assert.ThrowsAsync<ModelServiceException>(() => Store.ReadRequestAsync(message, CancellationToken.None));
        Assert.Contains("does not exist", gone.Message, StringComparison.Ordinal);
        Assert.False(await Store.DeleteAsync(_tenant, record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task The_retention_sweep_deletes_predictions_older_than_the_retention_and_keeps_newer_ones()
    {
        var old = await SubmitAsync(Request);
        _time.Advance(TimeSpan.FromDays(6));
        var recent = await SubmitAsync(Request);
        _time.Advance(TimeSpan.FromDays(2));

        var deleted = await _services.Get<RetentionSweeper>().PurgeAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Null(await Store.FindAsync(_tenant, old.Id, CancellationToken.None));
        Assert.NotNull(await Store.FindAsync(_tenant, recent.Id, CancellationToken.None));
    }

    public async Task InitializeAsync()
    {
        await _services.Get<TenantStore>().CreateTenantAsync(_tenant, "Lifecycle", null, null, CancellationToken.None);
        _model = TestNames.Model("life");
        var file = TestModels.WriteTemporary(TestModels.AddBias(3, 2f));
        try
        {
            await _services.Get<IModelRegistry>().PublishAsync(new ModelPublication { Name = _model }, file, null, CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public Task DisposeAsync()
    {
        _services.Dispose();
        return Task.CompletedTask;
    }

    private PredictionStore Store => _services.Get<PredictionStore>();

    private Task<PredictionRecord> SubmitAsync(string body) =>
        _services.Get<PredictionSubmitter>().SubmitAsync(new Caller(_tenant, "test", ApiKeyScopes.Infer), _model, null, Encoding.UTF8.GetBytes(body), null, CancellationToken.None);
}
