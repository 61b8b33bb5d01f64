using System.Net;
using Azure.Storage.Queues;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>Billing through the real app: the usage buffer's batches on usage-events, the queue-triggered ledger, parking, the usage API and the quotas.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class UsageTests
{
    private static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(60);
    private readonly EndToEndFixture _fixture;

    public UsageTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task N_calls_are_billed_exactly_once_even_when_their_events_are_delivered_twice()
    {
        const int calls = 12;
        var tenant = TestNames.Tenant("bill");
        using var client = _fixture.Client(await _fixture.CreateTenantKeyAsync(tenant, requestsPerSecond: 0, spendCapMicros: null));
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f), new ModelPublication { Name = TestNames.Model("bill"), Pricing = new ModelPricing(2_500, 100) });
        for (var i = 0; i < calls; i++)
        {
            var response = await client.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f, 4f, 5f, 6f], 2)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await V2.ErrorAsync(await client.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f], 1))), HttpStatusCode.BadRequest, "x");
        var ledger = await WaitForLedgerAsync(tenant, calls + 1);
        // Redelivered as a batch, and one as an earlier version's single-event message.
        var redelivered = new[] { Core.Billing.UsageBatchJson.Serialize([.. ledger.Take(5)]), Core.Billing.UsageEventJson.Serialize(ledger[5]) };
        var waiting = await UsageQueueCountAsync();
        await RedeliverAsync(redelivered);
        await WaitUntilConsumedAsync(redelivered, waiting);

        var report = await V2.ReadJsonAsync(await client.GetAsync("api/usage"), HttpStatusCode.OK);
        var row = report.GetProperty("rows")[0];
        var recorded = await _fixture.Ledger.QueryLedgerAsync(tenant, Today.AddDays(-1), Today, CancellationToken.None);
        Assert.Equal(calls + 1, recorded.Count);
        Assert.Equal(calls * (2_500 + (2 * 100)), recorded.Sum(e => e.AmountMicros));
        Assert.Equal(calls * (2_500 + (2 * 100)), report.GetProperty("totalAmountMicros").GetInt64());
        Assert.Equal((calls + 1, 1L, calls * 2L), (row.GetProperty("calls").GetInt64(), row.GetProperty("failedCalls").GetInt64(), row.GetProperty("items").GetInt64()));

        // Energy and CO2e are counted once per call too: the report's totals are the ledger's sums, redeliveries and all.
        var energy = recorded.Sum(e => e.EnergyNanoWattHours ?? 0);
        Assert.True(energy > 0);
        Assert.Equal((energy, recorded.Sum(e => e.Co2eNanograms ?? 0)), (report.GetProperty("totalEnergyNanoWattHours").GetInt64(), report.GetProperty("totalCo2eNanograms").GetInt64()));
        Assert.Equal(energy, row.GetProperty("energyNanoWattHours").GetInt64());
    }

    [Fact]
    public async Task Every_call_answered_a_flush_window_before_the_worker_is_killed_is_billed_once()
    {
        var tenant = TestNames.Tenant("kill");
        using var client = _fixture.Client(await _fixture.CreateTenantKeyAsync(tenant, requestsPerSecond: 0, spendCapMicros: null));
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f), new ModelPublication { Name = TestNames.Model("kill"), Pricing = new ModelPricing(1_000, 0) });
        var answered = 0;
        for (var i = 0; i < 5; i++)
        {
            answered += await InferAsync(client, name) ? 1 : 0;
        }

        // Asynchronous (the default): an answered call's event is queued within one flush window (100 ms) and a
        // put, so a crash a second later loses nothing (docs/performance.md measures the bound under load).
        await Task.Delay(TimeSpan.FromSeconds(1));
        using (var worker = System.Diagnostics.Process.GetProcessById(_fixture.Host.WorkerProcessId!.Value))
        {
            worker.Kill();
            await worker.WaitForExitAsync();
        }

        for (var attempt = 0; attempt < 200 && answered < 10; attempt++)
        {
            answered += await InferAsync(client, name) ? 1 : 0;
        }

        var ledger = await WaitForLedgerAsync(tenant, answered);
        await Eventually.GetAsync(
            () => _fixture.Ledger.QueryLedgerAsync(tenant, Today.AddDays(-1), Today, CancellationToken.None),
            recorded => recorded.Count(e => e.Status == "succeeded") >= answered,
            QueueTimeout,
            $"{answered} succeeded calls of {tenant} in the ledger");
        var report = await V2.ReadJsonAsync(await client.GetAsync("api/usage"), HttpStatusCode.OK);
        Assert.Equal(10, answered);
        Assert.Equal(answered, (await _fixture.Ledger.QueryLedgerAsync(tenant, Today.AddDays(-1), Today, CancellationToken.None)).Count(e => e.Status == "succeeded"));
        Assert.Equal(answered * 1_000L, report.GetProperty("totalAmountMicros").GetInt64());
        Assert.True(ledger.Count >= answered);
    }

    [Fact]
    public async Task A_message_that_is_not_a_usage_event_goes_through_poison_to_the_parked_usage()
    {
        var marker = $"not-a-usage-event-{Guid.NewGuid():N}";
        await SendAsync(marker);

        // Poison queue messages expire; the app moves them to blobs that do not, for an operator to replay.
        await Eventually.GetAsync(
            async () =>
            {
                await foreach (var blob in _fixture.Parking.ListAsync(CancellationToken.None))
                {
                    if (await _fixture.Parking.ReadAsync(blob, CancellationToken.None) == marker)
                    {
                        return true;
                    }
                }

                return false;
            },
            found => found,
            QueueTimeout,
            "the bad message parked");
    }

    [Fact]
    public async Task A_tenant_over_its_rate_gets_429_with_retry_after()
    {
        using var client = _fixture.Client(await _fixture.CreateTenantKeyAsync(TestNames.Tenant("rate"), requestsPerSecond: 0.2, spendCapMicros: null));
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f));

        var first = await client.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1)));
        var second = await client.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await V2.ErrorAsync(second, HttpStatusCode.TooManyRequests, "rate");
        Assert.InRange(second.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_tenant_at_its_spend_cap_gets_402_once_its_usage_is_recorded()
    {
        var tenant = TestNames.Tenant("cap");
        using var client = _fixture.Client(await _fixture.CreateTenantKeyAsync(tenant, requestsPerSecond: 0, spendCapMicros: 5_000));
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f), new ModelPublication { Name = TestNames.Model("cap"), Pricing = new ModelPricing(5_000, 0) });

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1)))).StatusCode);
        await WaitForLedgerAsync(tenant, 1);

        await V2.ErrorAsync(await client.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1))), HttpStatusCode.PaymentRequired, "spend cap");
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>One call; false when the worker is not there to answer it (restarting).</summary>
    private static async Task<bool> InferAsync(HttpClient client, string name)
    {
        try
        {
            using var response = await client.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1)));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await Task.Delay(100);
            }

            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            await Task.Delay(100);
            return false;
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    private QueueClient Queue(string name) => new(_fixture.UsageQueueConnection, name);

    private async Task RedeliverAsync(IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            await SendAsync(message);
        }
    }

    private async Task SendAsync(string message)
    {
        var queue = Queue("usage-events");
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(Base64(message));
    }

    private async Task<int> UsageQueueCountAsync()
    {
        var queue = Queue("usage-events");
        await queue.CreateIfNotExistsAsync();
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    /// <summary>
    /// Until the messages sent are off the usage queue (the count includes messages being processed) and back to
    /// what waited before them, which may hold a killed worker's message that stays invisible for minutes.
    /// </summary>
    private Task WaitUntilConsumedAsync(IReadOnlyList<string> sent, int waitingBefore)
    {
        var bodies = sent.Select(Base64).ToHashSet(StringComparer.Ordinal);
        return Eventually.GetAsync(
            async () =>
            {
                var visible = (await Queue("usage-events").PeekMessagesAsync(32)).Value;
                return (Count: await UsageQueueCountAsync(), Ours: visible.Count(m => bodies.Contains(m.Body.ToString())));
            },
            state => state.Ours == 0 && state.Count <= waitingBefore,
            QueueTimeout,
            "the redelivered usage messages consumed");
    }

    private Task<IReadOnlyList<Core.Billing.UsageEvent>> WaitForLedgerAsync(string tenant, int count) =>
        Eventually.GetAsync(
            () => _fixture.Ledger.QueryLedgerAsync(tenant, Today.AddDays(-1), Today, CancellationToken.None),
            ledger => ledger.Count >= count,
            QueueTimeout,
            $"{count} usage events of {tenant} in the ledger");
}
