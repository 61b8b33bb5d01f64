using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core.Billing;
using ModelService.Testing;

namespace ModelService.Core.Tests.Billing;

[Collection(AzuriteCollection.Name)]
public sealed class UsageLedgerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly LostResponsePolicy _faults = new();
    private readonly CoreTestServices _services;
    private readonly UsageLedger _ledger;
    private readonly string _tenant = TestNames.Tenant();

    public UsageLedgerTests(AzuriteFixture azurite)
    {
        _services = new CoreTestServices(
            azurite,
            settings: new Dictionary<string, string?> { ["ModelService:Billing:UsageTable"] = TestNames.Table("usage") },
            configure: services => services.AddSingleton<HttpPipelinePolicy>(_faults));
        _ledger = _services.Get<UsageLedger>();
    }

    [Fact]
    public async Task N_calls_sum_to_N_times_the_price_in_ledger_and_totals()
    {
        const int calls = 60;
        var events = Enumerable.Range(0, calls).Select(i => Event($"call-{i}", "iris", 1_234 + 7, items: 1)).ToList();

        foreach (var usage in events)
        {
            Assert.Equal(UsageRecordOutcome.Recorded, await _ledger.RecordAsync(usage, CancellationToken.None));
        }

        await AssertExactAsync(calls, calls * 1_241L);
    }

    [Fact]
    public async Task Redelivered_events_count_once_even_when_they_race()
    {
        var events = Enumerable.Range(0, 20).Select(i => Event($"dup-{i}", "iris", 500, items: 2)).ToList();

        var outcomes = await Task.WhenAll(events.Concat(events).Concat(events).Select(e => _ledger.RecordAsync(e, CancellationToken.None)));

        Assert.Equal(20, outcomes.Count(o => o == UsageRecordOutcome.Recorded));
        Assert.Equal(40, outcomes.Count(o => o == UsageRecordOutcome.Duplicate));
        await AssertExactAsync(20, 20 * 500L);
    }

    [Fact]
    public async Task A_write_whose_response_is_lost_is_counted_once_when_the_event_is_retried()
    {
        _faults.Matches = message => message.Request.Uri.Path.Contains("$batch", StringComparison.Ordinal);
        _faults.FailNext(5);
        var events = Enumerable.Range(0, 10).Select(i => Event($"lost-{i}", "iris", 1_000, items: 1)).ToList();

        foreach (var usage in events)
        {
            // The queue redelivers a message whose function failed: the same event comes again.
            await RecordUntilDoneAsync(usage);
        }

        Assert.Equal(5, _faults.Injected);
        await AssertExactAsync(10, 10_000L);
    }

    [Fact]
    public async Task A_write_that_never_reached_storage_is_recorded_on_retry()
    {
        _faults.BeforeSending = true;
        _faults.Matches = message => message.Request.Uri.Path.Contains("$batch", StringComparison.Ordinal);
        _faults.FailNext(3);
        var events = Enumerable.Range(0, 6).Select(i => Event($"unsent-{i}", "iris", 300, items: 1)).ToList();

        foreach (var usage in events)
        {
            await RecordUntilDoneAsync(usage);
        }

        Assert.Equal(3, _faults.Injected);
        await AssertExactAsync(6, 1_800L);
    }

    [Fact]
    public async Task Concurrent_events_of_one_model_keep_the_totals_exact()
    {
        var events = Enumerable.Range(0, 48).Select(i => Event($"par-{i}", "iris", 10 + i, items: i)).ToList();

        await Task.WhenAll(events.Select(e => _ledger.RecordAsync(e, CancellationToken.None)));

        await AssertExactAsync(48, events.Sum(e => e.AmountMicros));
        var totals = Assert.Single(await _ledger.QueryTotalsAsync(_tenant, Day, Day, CancellationToken.None));
        Assert.Equal(events.Sum(e => e.Items), totals.Items);
    }

    [Fact]
    public async Task Totals_are_kept_per_model_and_day_and_failed_calls_are_counted_at_zero()
    {
        await _ledger.RecordAsync(Event("a", "iris", 100, 1), CancellationToken.None);
        await _ledger.RecordAsync(Event("b", "scorer", 200, 1), CancellationToken.None);
        await _ledger.RecordAsync(Event("c", "iris", 100, 1, Now.AddDays(-1)), CancellationToken.None);
        await _ledger.RecordAsync(Event("d", "iris", 0, 0) with { Status = UsageStatus.Failed, Error = "InvalidRequest" }, CancellationToken.None);

        var totals = await _ledger.QueryTotalsAsync(_tenant, Day.AddDays(-1), Day, CancellationToken.None);

        Assert.Equal(
            [(Day.AddDays(-1), "iris", 1L, 0L, 100L), (Day, "iris", 2L, 1L, 100L), (Day, "scorer", 1L, 0L, 200L)],
            totals.Select(t => (t.Day, t.Model, t.Calls, t.FailedCalls, t.AmountMicros)));
        Assert.Empty(await _ledger.QueryTotalsAsync(TestNames.Tenant(), Day, Day, CancellationToken.None));
    }

    [Fact]
    public async Task The_same_call_id_on_another_day_is_counted_once()
    {
        // A job finished twice across midnight: its one call id arrives with two timestamps.
        var first = Event("across-midnight", "iris", 700, 1, Now.AddDays(-1));
        var again = first with { OccurredAt = Now };

        Assert.Equal(UsageRecordOutcome.Recorded, await _ledger.RecordAsync(first, CancellationToken.None));
        Assert.Equal(UsageRecordOutcome.Duplicate, await _ledger.RecordAsync(again, CancellationToken.None));

        await AssertExactAsync(1, 700L);
    }

    [Fact]
    public async Task A_batch_is_written_in_transactions_of_at_most_100_entities_with_its_totals_exact()
    {
        var counter = new RequestCounter();
        _faults.Matches = message => counter.Count(message.Request.Uri.Path.Contains("$batch", StringComparison.Ordinal));
        var other = TestNames.Tenant();
        var events = Enumerable.Range(0, 450).Select(i => Event($"big-{i}", i % 3 == 0 ? "scorer" : "iris", 100 + i, items: 1, Now.AddDays(-(i % 2)))).ToList();
        events.AddRange(Enumerable.Range(0, 30).Select(i => Event($"other-{i}", "iris", 5, 1) with { TenantId = other }));

        var outcome = await _ledger.RecordBatchAsync(events, CancellationToken.None);

        Assert.Equal(new UsageBatchOutcome(480, 0), outcome);
        await AssertExactAsync(450, events.Where(e => e.TenantId == _tenant).Sum(e => e.AmountMicros));

        // 4 buckets per tenant; a transaction carries up to 100 entities, 4 of them totals rows (2 days x 2 models).
        var perBucket = events.Where(e => e.TenantId == _tenant).GroupBy(e => UsageKeys.Bucket(e.CallId, 4)).Select(g => (g.Count() + 95) / 96).Sum();
        Assert.InRange(counter.Matched, perBucket + 1, perBucket + 4);
    }

    [Fact]
    public async Task A_steady_consumer_updates_the_totals_without_reading_them_first()
    {
        var counter = new RequestCounter();
        await _ledger.RecordBatchAsync([.. Enumerable.Range(0, 40).Select(i => Event($"warm-{i}", "iris", 1, 1))], CancellationToken.None);
        _faults.Matches = message => counter.Count(message.Request.Method == Azure.Core.RequestMethod.Get);

        await _ledger.RecordBatchAsync([.. Enumerable.Range(0, 40).Select(i => Event($"steady-{i}", "iris", 1, 1))], CancellationToken.None);

        Assert.Equal(0, counter.Matched);
        await AssertExactAsync(80, 80L);
    }

    [Fact]
    public async Task Concurrent_messages_for_the_same_partitions_are_combined_and_exact()
    {
        var counter = new RequestCounter();
        _faults.Matches = message => counter.Count(message.Request.Uri.Path.Contains("$batch", StringComparison.Ordinal));
        var batches = Enumerable.Range(0, 16).Select(b => Enumerable.Range(0, 10).Select(i => Event($"combined-{b}-{i}", "iris", 2, 1)).ToList()).ToList();

        var outcomes = await Task.WhenAll(batches.Select(b => _ledger.RecordBatchAsync(b, CancellationToken.None)));

        Assert.All(outcomes, o => Assert.Equal(new UsageBatchOutcome(10, 0), o));
        await AssertExactAsync(160, 320L);
        Assert.InRange(counter.Matched, 4, 16 * 4);
    }

    [Fact]
    public async Task Overlapping_batches_delivered_again_and_concurrently_count_each_call_once()
    {
        var events = Enumerable.Range(0, 150).Select(i => Event($"overlap-{i}", "iris", 10, 1)).ToList();
        var first = events[..100];
        var second = events[50..];

        var outcomes = await Task.WhenAll(new[] { first, second, first, second }.Select(b => _ledger.RecordBatchAsync(b, CancellationToken.None)));

        Assert.Equal(150, outcomes.Sum(o => o.Recorded));
        Assert.Equal(250, outcomes.Sum(o => o.Duplicates));
        await AssertExactAsync(150, 1_500L);
    }

    [Fact]
    public async Task A_batch_whose_transactions_partly_failed_is_exact_when_delivered_again()
    {
        _faults.Matches = message => message.Request.Uri.Path.Contains("$batch", StringComparison.Ordinal);
        _faults.FailNext(2);
        var events = Enumerable.Range(0, 120).Select(i => Event($"partial-{i}", "iris", 3, 1)).ToList();

        await Assert.ThrowsAsync<IOException>(() => _ledger.RecordBatchAsync(events, CancellationToken.None));
        var outcome = await _ledger.RecordBatchAsync(events, CancellationToken.None);

        Assert.Equal(2, _faults.Injected);
        Assert.Equal(120, outcome.Recorded + outcome.Duplicates);
        await AssertExactAsync(120, 360L);
    }

    [Fact]
    public async Task The_sound_events_of_a_batch_are_recorded_and_the_unsound_one_refuses_the_message()
    {
        var events = new[] { Event("sound-1", "iris", 5, 1), Event("sound-2", "iris", 5, 1) with { Status = "maybe" }, Event("sound-3", "iris", 5, 1) };

        await Assert.ThrowsAsync<InvalidDataException>(() => _ledger.RecordBatchAsync(events, CancellationToken.None));

        await AssertExactAsync(2, 10L);
    }

    [Theory]
    [InlineData("", "iris", "succeeded", 1)]
    [InlineData("ok", "Bad Name", "succeeded", 1)]
    [InlineData("ok", "iris", "maybe", 1)]
    [InlineData("ok", "iris", "succeeded", -1)]
    [InlineData("ok", "iris", "failed", 5)]
    public async Task An_event_that_is_not_sound_is_refused(string callId, string model, string status, long amount)
    {
        var usage = Event(callId, model, amount, 1) with { Status = status };

        await Assert.ThrowsAsync<InvalidDataException>(() => _ledger.RecordAsync(usage, CancellationToken.None));
    }

    [Fact]
    public async Task Energy_and_co2e_are_summed_exactly_once_per_call_and_events_without_them_count_as_zero()
    {
        var measured = Enumerable.Range(0, 12).Select(i => Event($"energy-{i}", "iris", 10, 1) with { EnergyNanoWattHours = 1_666_667 + i, Co2eNanograms = 666_667 }).ToList();

        // An event of the version before energy was measured, as it sits on the queue: no energy fields at all.
        var old = UsageEventJson.Parse(UsageEventJson.Serialize(Event("energy-old", "iris", 10, 1)));
        await _ledger.RecordBatchAsync([.. measured, old], CancellationToken.None);
        await _ledger.RecordBatchAsync([.. measured.Take(5), old], CancellationToken.None);
        await Task.WhenAll(measured.Skip(5).Select(e => _ledger.RecordAsync(e, CancellationToken.None)));

        var expectedEnergy = (12 * 1_666_667L) + 66;
        var ledger = await _ledger.QueryLedgerAsync(_tenant, Day, Day, CancellationToken.None);
        var totals = Assert.Single(await _ledger.QueryTotalsAsync(_tenant, Day, Day, CancellationToken.None));
        var report = await _services.Get<UsageReporter>().BuildAsync(_tenant, Day, Day, UsageGrouping.Model, CancellationToken.None);
        Assert.Null(old.EnergyNanoWattHours);
        Assert.Null(ledger.Single(e => e.CallId == "energy-old").EnergyNanoWattHours);
        Assert.Equal((13L, expectedEnergy, 12 * 666_667L), (totals.Calls, totals.EnergyNanoWattHours, totals.Co2eNanograms));
        Assert.Equal(expectedEnergy, ledger.Sum(e => e.EnergyNanoWattHours ?? 0));
        Assert.Equal((expectedEnergy, 12 * 666_667L), (report.TotalEnergyNanoWattHours, report.TotalCo2eNanograms));
        Assert.StartsWith("model,calls,failed_calls,items,compute_ms,amount_micros,amount,energy_nwh,energy_mwh,co2e_ng,co2e_mg\r\niris,13,0,13,0.546,130,0.00013,20000070,20.00007,8000004,8.000004\r\n", UsageCsv.Write(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_with_negative_energy_is_refused()
    {
        var usage = Event("negative-energy", "iris", 10, 1) with { EnergyNanoWattHours = -1 };

        await Assert.ThrowsAsync<InvalidDataException>(() => _ledger.RecordAsync(usage, CancellationToken.None));
    }

    public void Dispose() => _services.Dispose();

    private static DateOnly Day => DateOnly.FromDateTime(Now.UtcDateTime);

    private async Task RecordUntilDoneAsync(UsageEvent usage)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                await _ledger.RecordAsync(usage, CancellationToken.None);
                return;
            }
            catch (IOException)
            {
                // What the queue trigger does: the message becomes visible again and is delivered once more.
            }
        }

        throw new Xunit.Sdk.XunitException($"Event {usage.CallId} was never recorded.");
    }

    private async Task AssertExactAsync(int calls, long amount)
    {
        var ledger = await _ledger.QueryLedgerAsync(_tenant, Day.AddDays(-1), Day, CancellationToken.None);
        var totals = await _ledger.QueryTotalsAsync(_tenant, Day.AddDays(-1), Day, CancellationToken.None);
        Assert.Equal(calls, ledger.Count);
        Assert.Equal(calls, ledger.Select(e => e.CallId).Distinct().Count());
        Assert.Equal(amount, ledger.Sum(e => e.AmountMicros));
        Assert.Equal(calls, totals.Sum(t => t.Calls));
        Assert.Equal(amount, totals.Sum(t => t.AmountMicros));
    }

    private UsageEvent Event(string callId, string model, long amount, long items, DateTimeOffset? at = null) => new()
    {
        CallId = callId,
        TenantId = _tenant,
        Model = model,
        Version = 1,
        Kind = UsageKinds.Sync,
        Items = items,
        ComputeMicros = 42,
        Status = UsageStatus.Succeeded,
        AmountMicros = amount,
        OccurredAt = at ?? Now,
    };
}
