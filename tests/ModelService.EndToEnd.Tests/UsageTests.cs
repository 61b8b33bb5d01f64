using System.Net;
using Azure.Storage.Queues;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>Billing through the real app: the usage-events output binding, the queue-triggered ledger, the usage API and the quotas.</summary>
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
        await RedeliverAsync(ledger.Take(5).Select(Core.Billing.UsageEventJson.Serialize));
        await Task.Delay(TimeSpan.FromSeconds(3));

        var report = await V2.ReadJsonAsync(await client.GetAsync("api/usage"), HttpStatusCode.OK);
        var row = report.GetProperty("rows")[0];
        var recorded = await _fixture.Ledger.QueryLedgerAsync(tenant, Today.AddDays(-1), Today, CancellationToken.None);
        Assert.Equal(calls + 1, recorded.Count);
        Assert.Equal(calls * (2_500 + (2 * 100)), recorded.Sum(e => e.AmountMicros));
        Assert.Equal(calls * (2_500 + (2 * 100)), report.GetProperty("totalAmountMicros").GetInt64());
        Assert.Equal((calls + 1, 1L, calls * 2L), (row.GetProperty("calls").GetInt64(), row.GetProperty("failedCalls").GetInt64(), row.GetProperty("items").GetInt64()));
    }

    [Fact]
    public async Task A_message_that_is_not_a_usage_event_ends_in_the_poison_queue()
    {
        var marker = $"not-a-usage-event-{Guid.NewGuid():N}";
        await SendAsync(marker);

        var poison = Queue("usage-events-poison");
        await poison.CreateIfNotExistsAsync();
        await Eventually.GetAsync(
            async () => (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString() == Base64(marker) || m.Body.ToString() == marker),
            found => found,
            QueueTimeout,
            "the bad message in usage-events-poison");
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

    private Task<IReadOnlyList<Core.Billing.UsageEvent>> WaitForLedgerAsync(string tenant, int count) =>
        Eventually.GetAsync(
            () => _fixture.Ledger.QueryLedgerAsync(tenant, Today.AddDays(-1), Today, CancellationToken.None),
            ledger => ledger.Count >= count,
            QueueTimeout,
            $"{count} usage events of {tenant} in the ledger");
}
