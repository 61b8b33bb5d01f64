using System.Text.Json;
using ModelService.Core.Billing;
using ModelService.Testing;

namespace ModelService.Core.Tests.Billing;

/// <summary>The energy fields on the queue: named as the published schema says, optional, and absent from old events.</summary>
public sealed class UsageEnergyJsonTests
{
    private static readonly UsageEvent Measured = new()
    {
        CallId = "call-1",
        TenantId = "acme",
        Model = "iris",
        Version = 1,
        Kind = UsageKinds.Sync,
        Items = 2,
        ComputeMicros = 250_000,
        EnergyNanoWattHours = 1_666_667,
        Co2eNanograms = 666_667,
        Status = UsageStatus.Succeeded,
        AmountMicros = 10,
        OccurredAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void The_energy_fields_are_written_under_the_schemas_names_as_optional_integers()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("docs", "schemas", "usage-batch.schema.json")));
        var usageEvent = schema.RootElement.GetProperty("$defs").GetProperty("usageEvent");
        using var message = JsonDocument.Parse(UsageBatchJson.Serialize([Measured]));
        var written = message.RootElement.GetProperty("events")[0];

        foreach (var (name, value) in new[] { ("energyNanoWattHours", 1_666_667L), ("co2eNanograms", 666_667L) })
        {
            var property = usageEvent.GetProperty("properties").GetProperty(name);
            Assert.Equal(("integer", 0), (property.GetProperty("type").GetString(), property.GetProperty("minimum").GetInt32()));
            Assert.DoesNotContain(name, usageEvent.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(value, written.GetProperty(name).GetInt64());
        }

        Assert.Equal(Measured, Assert.Single(UsageBatchJson.Parse(message.RootElement.GetRawText())));
    }

    [Fact]
    public void An_event_of_the_version_before_energy_was_measured_parses_without_it()
    {
        const string old = """{"callId":"old-1","tenantId":"acme","model":"iris","version":1,"kind":"sync","items":1,"computeMicros":42,"status":"succeeded","amountMicros":5,"occurredAt":"2026-11-25T10:00:00+00:00"}""";

        var usage = Assert.Single(UsageBatchJson.Parse(old));

        Assert.Equal((42L, (long?)null, (long?)null), (usage.ComputeMicros, usage.EnergyNanoWattHours, usage.Co2eNanograms));
        Assert.Equal((0L, 0L), (UsageTotals.Of(usage).EnergyNanoWattHours, UsageTotals.Of(usage).Co2eNanograms));
        Assert.DoesNotContain("energy", UsageEventJson.Serialize(usage), StringComparison.OrdinalIgnoreCase);
    }
}
