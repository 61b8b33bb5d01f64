using System.Text;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;
using ModelService.Testing;

namespace ModelService.Core.Tests.Training;

[Collection(AzuriteCollection.Name)]
public sealed class DatasetQuotaTests : IDisposable
{
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("a,b,label\n1,2,0\n3,4,1\n");
    private readonly TrainingTestServices _services;
    private readonly string _tenant = TestNames.Tenant("datasets");

    public DatasetQuotaTests(AzuriteFixture azurite)
    {
        _services = new TrainingTestServices(azurite, settings: new Dictionary<string, string?>
        {
            ["ModelService:Training:MaxDatasetsPerTenant"] = "2",
            ["ModelService:Training:MaxDatasetBytesPerTenant"] = (Csv.Length * 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    [Fact]
    public async Task A_tenant_past_its_dataset_count_is_refused_until_it_deletes_one_and_a_replacement_counts_once()
    {
        await _services.Datasets.UploadAsync(_tenant, "one", Csv, TenantLimits.Defaults, CancellationToken.None);
        await _services.Datasets.UploadAsync(_tenant, "two", Csv, TenantLimits.Defaults, CancellationToken.None);
        await _services.Datasets.UploadAsync(_tenant, "two", Csv, TenantLimits.Defaults, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ModelServiceException>(() => _services.Datasets.UploadAsync(_tenant, "three", Csv, TenantLimits.Defaults, CancellationToken.None));
        var deleted = await _services.Datasets.DeleteAsync(_tenant, "one", CancellationToken.None);
        await _services.Datasets.UploadAsync(_tenant, "three", Csv, TenantLimits.Defaults, CancellationToken.None);

        Assert.Equal(ErrorCode.PayloadTooLarge, refused.Code);
        Assert.Contains("2 datasets", refused.Message, StringComparison.Ordinal);
        Assert.True(deleted);
        Assert.False(await _services.Datasets.ExistsAsync(_tenant, "one", CancellationToken.None));
        Assert.False(await _services.Datasets.DeleteAsync(_tenant, "one", CancellationToken.None));
    }

    [Fact]
    public async Task A_tenant_past_its_dataset_bytes_is_refused()
    {
        await _services.Datasets.UploadAsync(_tenant, "one", Csv, TenantLimits.Defaults, CancellationToken.None);

        var big = Csv.Concat(Csv).Concat(Csv).ToArray();
        var refused = await Assert.ThrowsAsync<ModelServiceException>(() => _services.Datasets.UploadAsync(_tenant, "two", big, TenantLimits.Defaults, CancellationToken.None));

        Assert.Equal(ErrorCode.PayloadTooLarge, refused.Code);
        Assert.Contains("over its limit", refused.Message, StringComparison.Ordinal);
        Assert.False(await _services.Datasets.ExistsAsync(_tenant, "two", CancellationToken.None));
    }

    [Fact]
    public async Task A_tenant_s_own_dataset_limit_wins_over_the_default()
    {
        var own = TenantLimits.Defaults with { MaxDatasets = 1 };
        await _services.Datasets.UploadAsync(_tenant, "one", Csv, own, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ModelServiceException>(() => _services.Datasets.UploadAsync(_tenant, "two", Csv, own, CancellationToken.None));

        Assert.Contains("1 datasets", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _services.Dispose();
}
