using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Cli.Infrastructure;
using ModelService.Core.Tenancy;
using ModelService.Core.Training;
using ModelService.Testing;

namespace ModelService.Cli.Tests;

/// <summary><c>tenants delete</c>: refuses without --yes, reports what it removed, and a second run does nothing.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TenantDeleteCommandTests : IDisposable
{
    private readonly string _storage;
    private readonly string _tenant = TestNames.Tenant("del");
    private readonly string _model = TestNames.Model("own");
    private readonly string _modelFile = TestModels.WriteTemporary(TestModels.AddBias(3));

    public TenantDeleteCommandTests(AzuriteFixture azurite)
    {
        _storage = azurite.ConnectionString;
    }

    [Fact]
    public async Task Without_yes_it_exits_2_says_how_to_confirm_and_removes_nothing()
    {
        await SeedAsync();

        var refused = await Cli("tenants", "delete", _tenant);
        var keys = await Cli("keys", "list", _tenant, "--json");

        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains("--yes", refused.Error, StringComparison.Ordinal);
        Assert.Contains(_tenant, refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, keys.Json.GetArrayLength());
        Assert.Equal(ExitCodes.Success, (await Cli("models", "show", _model)).ExitCode);
    }

    [Fact]
    public async Task With_yes_it_reports_the_counts_in_json_audits_and_a_second_run_removes_nothing()
    {
        await SeedAsync();

        var first = await Cli("tenants", "delete", _tenant, "--yes", "--json");
        var second = await Cli("tenants", "delete", _tenant, "--yes", "--json");
        var audit = await Cli("audit", "list", "--tenant", _tenant, "--json");

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal((1, 0, 1, 1, 1, false), Counts(first));
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Equal((0, 0, 0, 0, 0, true), Counts(second));
        Assert.Equal(0, (await Cli("keys", "list", _tenant, "--json")).Json.GetArrayLength());
        Assert.Equal(ExitCodes.NotFound, (await Cli("models", "show", _model)).ExitCode);
        Assert.Single(audit.Json.EnumerateArray(), e => e.GetProperty("action").GetString() == "tenant.delete");
    }

    [Fact]
    public async Task Text_output_names_what_was_removed_and_that_the_ledger_is_kept_and_the_list_marks_the_tenant()
    {
        await SeedAsync();

        var run = await Cli("tenants", "delete", _tenant, "--yes");
        var list = await Cli("tenants", "list");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(list.Output.Split('\n'), line => line.StartsWith(_tenant, StringComparison.Ordinal) && line.Contains("(deleted ", StringComparison.Ordinal));
        Assert.Contains($"Deleted tenant {_tenant}: 1 keys, 0 predictions, 1 datasets, 1 private models (1 versions).", run.Output, StringComparison.Ordinal);
        Assert.Contains("usage ledger is kept", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tenant_exits_3() =>
        Assert.Equal(ExitCodes.NotFound, (await Cli("tenants", "delete", TestNames.Tenant("never"), "--yes")).ExitCode);

    public void Dispose() => File.Delete(_modelFile);

    private static (int, int, int, int, int, bool) Counts(CliRun run)
    {
        var json = run.Json;
        return (json.GetProperty("keys").GetInt32(), json.GetProperty("predictions").GetInt32(), json.GetProperty("datasets").GetInt32(),
            json.GetProperty("models").GetInt32(), json.GetProperty("modelVersions").GetInt32(), json.GetProperty("alreadyDeleted").GetBoolean());
    }

    private async Task SeedAsync()
    {
        Assert.Equal(ExitCodes.Success, (await Cli("tenants", "create", _tenant)).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Cli("keys", "create", _tenant, "--scope", "infer")).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Cli("models", "push", _modelFile, "--name", _model, "--private-to", _tenant)).ExitCode);
        using var services = StorageServices.Create(new CliSettings(_storage, new Uri(CliSettings.DefaultEndpoint), null, Json: false));
        await services.GetRequiredService<DatasetStore>().UploadAsync(_tenant, "iris", Encoding.UTF8.GetBytes("a,b\n1,2\n"), TenantLimits.Defaults, CancellationToken.None);
    }

    private Task<CliRun> Cli(params string[] args) => CliRun.ExecuteAsync([.. args, "--storage", _storage]);
}
