using Microsoft.Extensions.DependencyInjection;
using ModelService.Cli.Infrastructure;
using ModelService.Core.Billing;
using ModelService.Testing;

namespace ModelService.Cli.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class UsageCommandTests
{
    private readonly string _storage;
    private readonly string _tenant = TestNames.Tenant("cli");

    public UsageCommandTests(AzuriteFixture azurite)
    {
        _storage = azurite.ConnectionString;
    }

    [Fact]
    public async Task The_report_adds_up_the_ledger_per_model_as_json_text_and_csv()
    {
        await RecordAsync(("a", "iris", 1_500), ("b", "iris", 1_500), ("c", "scorer", 250));
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var json = await Cli("usage", "report", "--tenant", _tenant, "--json");
        var text = await Cli("usage", "report", "--tenant", _tenant);
        var csv = await Cli("usage", "report", "--tenant", _tenant, "--group-by", "day", "--from", day, "--to", day, "--csv");

        Assert.Equal(ExitCodes.Success, json.ExitCode);
        Assert.Equal(3_250, json.Json.GetProperty("totalAmountMicros").GetInt64());
        Assert.Equal(["iris", "scorer"], json.Json.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("group").GetString()));
        Assert.Contains("0.00325", text.Output, StringComparison.Ordinal);
        Assert.StartsWith("day,calls,failed_calls,items,compute_ms,amount_micros,amount,energy_nwh,energy_mwh,co2e_ng,co2e_mg\r\n" + day + ",3,0,3,", csv.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_sums_energy_and_co2e_as_json_text_and_csv()
    {
        await RecordAsync(
            Event("e1", "iris", 10) with { EnergyNanoWattHours = 1_666_667, Co2eNanograms = 666_667 },
            Event("e2", "iris", 10) with { EnergyNanoWattHours = 1_333_333, Co2eNanograms = 533_333 },
            Event("e3", "scorer", 10));
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var json = await Cli("usage", "report", "--tenant", _tenant, "--json");
        var text = await Cli("usage", "report", "--tenant", _tenant);
        var csv = await Cli("usage", "report", "--tenant", _tenant, "--from", day, "--to", day, "--csv");

        Assert.Equal(ExitCodes.Success, json.ExitCode);
        Assert.Equal((3_000_000L, 1_200_000L), (json.Json.GetProperty("totalEnergyNanoWattHours").GetInt64(), json.Json.GetProperty("totalCo2eNanograms").GetInt64()));
        Assert.Equal([3_000_000L, 0L], json.Json.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("energyNanoWattHours").GetInt64()));
        Assert.Contains("energy mWh", text.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^total\s+3\s+0\.00003\s+3\s+1\.2\s*$", text.Output);
        Assert.Contains("\r\niris,2,0,2,0.020,20,0.00002,3000000,3,1200000,1.2\r\nscorer,1,0,1,0.010,10,0.00001,0,0,0,0\r\n", csv.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_sends_parked_usage_back_to_the_queue_and_unparks_it()
    {
        using var services = StorageServices.Create(new CliSettings(_storage, new Uri(CliSettings.DefaultEndpoint), null, Json: false));
        var parking = services.GetRequiredService<UsageParking>();
        var blob = await parking.ParkAsync(UsageBatchJson.Serialize([Event("parked", "iris", 10)]), "test", CancellationToken.None);

        var replay = await Cli("usage", "replay", "--json");

        Assert.Equal(ExitCodes.Success, replay.ExitCode);
        Assert.True(replay.Json.GetProperty("events").GetInt32() >= 1);
        var left = new List<string>();
        await foreach (var name in parking.ListAsync(CancellationToken.None))
        {
            left.Add(name);
        }

        Assert.DoesNotContain(blob, left);
    }

    [Theory]
    [InlineData("--group-by", "tenant")]
    [InlineData("--from", "last-week")]
    public async Task Bad_options_exit_2(string option, string value) =>
        Assert.Equal(ExitCodes.BadInput, (await Cli("usage", "report", "--tenant", _tenant, option, value)).ExitCode);

    private async Task RecordAsync(params UsageEvent[] events)
    {
        using var services = StorageServices.Create(new CliSettings(_storage, new Uri(CliSettings.DefaultEndpoint), null, Json: false));
        await services.GetRequiredService<UsageLedger>().RecordBatchAsync(events, CancellationToken.None);
    }

    private async Task RecordAsync(params (string CallId, string Model, long Amount)[] calls)
    {
        using var services = StorageServices.Create(new CliSettings(_storage, new Uri(CliSettings.DefaultEndpoint), null, Json: false));
        var ledger = services.GetRequiredService<UsageLedger>();
        foreach (var (callId, model, amount) in calls)
        {
            await ledger.RecordAsync(Event(callId, model, amount), CancellationToken.None);
        }
    }

    private UsageEvent Event(string callId, string model, long amount) => new()
    {
        CallId = callId,
        TenantId = _tenant,
        Model = model,
        Version = 1,
        Kind = UsageKinds.Sync,
        Items = 1,
        ComputeMicros = 10,
        Status = UsageStatus.Succeeded,
        AmountMicros = amount,
        OccurredAt = DateTimeOffset.UtcNow,
    };

    private Task<CliRun> Cli(params string[] args) => CliRun.ExecuteAsync([.. args, "--storage", _storage]);
}
