using Azure.Data.Tables;
using ModelService.Cli.Infrastructure;
using ModelService.Testing;

namespace ModelService.Cli.Tests;

/// <summary>The commands that bound what tenants store: dataset deletion, tenant storage limits, prediction retention.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageCommandTests
{
    private readonly string _storage;
    private readonly string _tenant = TestNames.Container("t");

    public StorageCommandTests(AzuriteFixture azurite)
    {
        _storage = azurite.ConnectionString;
    }

    [Fact]
    public async Task Datasets_delete_calls_the_route_and_an_unknown_dataset_exits_3()
    {
        using var server = new RoutedHttpServer(new Dictionary<string, (int, string)>
        {
            ["DELETE /api/datasets/iris"] = (204, string.Empty),
            ["DELETE /api/datasets/gone"] = (404, """{"error":"Dataset 'gone' does not exist."}"""),
        });

        var deleted = await CliRun.ExecuteAsync("datasets", "delete", "--name", "iris", "--endpoint", server.Endpoint);
        var missing = await CliRun.ExecuteAsync("datasets", "delete", "--name", "gone", "--endpoint", server.Endpoint);

        Assert.Equal((ExitCodes.Success, "Deleted dataset iris."), (deleted.ExitCode, deleted.Output.Trim()));
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenants_limits_are_stored_on_the_tenant_and_an_unknown_tenant_exits_3()
    {
        await Cli("tenants", "create", _tenant);

        var set = await Cli("tenants", "limits", _tenant, "--max-pending-predictions", "5", "--max-datasets", "0", "--max-dataset-bytes", "1000");
        var list = await Cli("tenants", "list", "--json");
        var unknown = await Cli("tenants", "limits", TestNames.Container("none"), "--max-datasets", "1");
        var negative = await Cli("tenants", "limits", _tenant, "--max-datasets", "-1");

        Assert.Equal("Tenant " + _tenant + ": pending predictions 5, datasets no limit, dataset bytes 1000.", set.Output.Trim());
        var tenant = list.Json.EnumerateArray().Single(t => t.GetProperty("id").GetString() == _tenant);
        Assert.Equal((5, 0, 1000L), (tenant.GetProperty("maxPendingPredictions").GetInt32(), tenant.GetProperty("maxDatasets").GetInt32(), tenant.GetProperty("maxDatasetBytes").GetInt64()));
        Assert.Equal((ExitCodes.NotFound, ExitCodes.BadInput), (unknown.ExitCode, negative.ExitCode));
    }

    [Fact]
    public async Task Predictions_purge_deletes_records_older_than_the_retention()
    {
        var table = new TableClient(_storage, "predictions");
        await table.CreateIfNotExistsAsync();
        var (old, recent) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        await table.AddEntityAsync(new TableEntity(_tenant, old) { ["Status"] = "succeeded", ["UpdatedAt"] = DateTimeOffset.UtcNow.AddDays(-30) });
        await table.AddEntityAsync(new TableEntity(_tenant, recent) { ["Status"] = "succeeded", ["UpdatedAt"] = DateTimeOffset.UtcNow });

        var run = await Cli("predictions", "purge", "--retention-days", "20", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.True(run.Json.GetProperty("deleted").GetInt32() >= 1);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(_tenant, old)).HasValue);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>(_tenant, recent)).HasValue);
        Assert.Equal(ExitCodes.BadInput, (await Cli("predictions", "purge", "--retention-days", "0")).ExitCode);
    }

    private Task<CliRun> Cli(params string[] args) => CliRun.ExecuteAsync([.. args, "--storage", _storage]);
}
