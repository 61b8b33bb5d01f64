using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelService.Core.Billing;
using ModelService.Core.Storage;
using ModelService.Testing;

namespace ModelService.Core.Tests.Billing;

[Collection(AzuriteCollection.Name)]
public sealed class UsageBufferTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly AzuriteFixture _azurite;
    private readonly LostResponsePolicy _faults = new();
    private readonly string _queue = TestNames.Container("usage");
    private readonly string _parked = TestNames.Container("parked");
    private readonly string _tenant = TestNames.Tenant();

    public UsageBufferTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Fact]
    public async Task Under_group_commit_a_send_returns_once_its_event_is_on_the_queue()
    {
        using var services = Services("GroupCommit");

        await services.Get<IUsageSink>().SendAsync(Event("gc-1"), CancellationToken.None);

        // Queued to wait for the ledger however long it is down: the message never expires.
        var queue = services.Get<StorageClientFactory>().CreateQueueServiceClient().GetQueueClient(_queue);
        Assert.Equal(9999, Assert.Single((await queue.PeekMessagesAsync(32)).Value).ExpiresOn!.Value.Year);
        Assert.Equal(["gc-1"], (await TakeEventsAsync(services)).Select(e => e.CallId));
    }

    [Fact]
    public async Task Concurrent_sends_share_messages_and_none_is_lost()
    {
        using var services = Services("Asynchronous", flushMilliseconds: 500);
        var sink = services.Get<IUsageSink>();

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => sink.SendAsync(Event($"many-{i}"), CancellationToken.None)));
        await services.Get<UsageBuffer>().DrainAsync(CancellationToken.None);

        var messages = await TakeMessagesAsync(services);
        Assert.InRange(messages.Count, 2, 299);
        Assert.Equal(300, messages.SelectMany(UsageBatchJson.Parse).Select(e => e.CallId).Distinct().Count());
        Assert.All(messages, m => Assert.InRange(UsageBatchJson.Parse(m).Count, 1, 200));
    }

    [Fact]
    public async Task Disposing_drains_what_is_still_waiting()
    {
        var services = Services("Asynchronous", flushMilliseconds: 1_000);
        var sink = services.Get<IUsageSink>();
        foreach (var i in Enumerable.Range(0, 10))
        {
            await sink.SendAsync(Event($"drain-{i}"), CancellationToken.None);
        }

        services.Dispose();

        using var reader = Services("GroupCommit");
        Assert.Equal(10, (await TakeEventsAsync(reader)).Count);
    }

    [Fact]
    public async Task A_queue_that_keeps_failing_parks_the_batch_and_replay_sends_it_back()
    {
        using var services = Services("GroupCommit");
        _faults.BeforeSending = true;
        _faults.Matches = message => message.Request.Uri.Path.Contains($"/{_queue}/messages", StringComparison.Ordinal);
        _faults.FailNext(3);

        await services.Get<IUsageSink>().SendAsync(Event("parked-1"), CancellationToken.None);

        Assert.Equal(3, _faults.Injected);
        Assert.Empty(await TakeEventsAsync(services));
        var result = await services.Get<UsageReplayer>().ReplayAsync(CancellationToken.None);
        Assert.Equal((1, 1), (result.Messages, result.Events));
        Assert.Equal(["parked-1"], (await TakeEventsAsync(services)).Select(e => e.CallId));
        Assert.Equal(0, (await services.Get<UsageReplayer>().ReplayAsync(CancellationToken.None)).Messages);
    }

    [Fact]
    public async Task Asynchronous_answers_never_run_ahead_of_storage_by_more_than_the_loss_bound()
    {
        using var services = Services("Asynchronous", maxBatchEvents: 5);
        var buffer = services.Get<UsageBuffer>();
        _faults.BeforeSending = true;
        _faults.Matches = message => message.Request.Uri.Path.Contains($"/{_queue}/messages", StringComparison.Ordinal) || message.Request.Uri.Path.Contains($"/{_parked}/", StringComparison.Ordinal);
        _faults.FailNext(int.MaxValue);

        // Storage is down: the first MaxUnflushed answers go ahead, the next one waits for its flush.
        for (var i = 0; i < buffer.MaxUnflushed; i++)
        {
            await buffer.SendAsync(Event($"ahead-{i}"), CancellationToken.None);
        }

        var waiting = buffer.SendAsync(Event("behind"), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        _faults.FailNext(0);
        await waiting;

        await buffer.DrainAsync(CancellationToken.None);
        Assert.Equal(buffer.MaxUnflushed + 1, (await TakeEventsAsync(services)).Select(e => e.CallId).Distinct().Count());
    }

    [Fact]
    public async Task An_asynchronous_window_ends_as_soon_as_a_full_message_waits()
    {
        // The clock stands still, so only a full message can end the window.
        var clock = new FakeTimeProvider(Now);
        using var services = Services("Asynchronous", flushMilliseconds: 1_000, maxBatchEvents: 5, clock: clock);
        var sink = services.Get<IUsageSink>();
        foreach (var i in Enumerable.Range(0, 4))
        {
            await sink.SendAsync(Event($"full-{i}"), CancellationToken.None);
        }

        // Give the flusher time to open its window on the four; if it has not yet, the fifth only makes the test
        // pass without exercising the early end, never fail.
        await Task.Delay(300);
        await sink.SendAsync(Event("full-4"), CancellationToken.None);
        var full = await WaitForMessageAsync(services);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"full-{i}"), UsageBatchJson.Parse(full).Select(e => e.CallId).Order(StringComparer.Ordinal));

        // A lone event waits for the window, and leaves when it has passed (the clock moves on each poll, since the
        // flusher may open the window after any one move).
        await sink.SendAsync(Event("lone"), CancellationToken.None);
        var lone = await WaitForMessageAsync(services, () => clock.Advance(TimeSpan.FromMilliseconds(1_000)));
        Assert.Equal(["lone"], UsageBatchJson.Parse(lone).Select(e => e.CallId));
    }

    [Fact]
    public async Task A_parked_blob_that_is_not_usage_stays_parked_and_is_reported()
    {
        using var services = Services("GroupCommit");
        var parking = services.Get<UsageParking>();
        var blob = await parking.ParkAsync("not usage", "poisoned", CancellationToken.None);

        var result = await services.Get<UsageReplayer>().ReplayAsync(CancellationToken.None);

        Assert.Equal(0, result.Messages);
        Assert.Equal([blob], result.Unreadable);
        Assert.Equal("not usage", await parking.ReadAsync(blob, CancellationToken.None));
    }

    [Fact]
    public void A_batch_message_stays_under_the_queue_limit_once_base64_encoded()
    {
        var events = Enumerable.Range(0, 1_000).Select(i => Event($"{i}-{new string('x', 100)}") with { Model = new string('m', 60) }).ToList();

        var messages = UsageBatchJson.Pack(events, 1_000);

        Assert.True(messages.Count > 1);
        Assert.All(messages, m => Assert.True(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(m)).Length <= 64 * 1024));
        Assert.Equal(events, messages.SelectMany(UsageBatchJson.Parse));
    }

    [Fact]
    public void A_message_of_one_event_from_an_earlier_version_is_read_as_a_batch_of_one()
    {
        var usage = Event("legacy");

        Assert.Equal([usage], UsageBatchJson.Parse(UsageEventJson.Serialize(usage)));
        Assert.Throws<InvalidDataException>(() => UsageBatchJson.Parse("""{"schema":"usage-batch/9","events":[]}"""));
        Assert.Throws<InvalidDataException>(() => UsageBatchJson.Parse("not json"));
    }

    private CoreTestServices Services(string durability, int flushMilliseconds = 20, int maxBatchEvents = 200, TimeProvider? clock = null) => new(
        _azurite,
        settings: new Dictionary<string, string?>
        {
            ["ModelService:Billing:UsageQueue"] = _queue,
            ["ModelService:Billing:UsageParkedContainer"] = _parked,
            ["ModelService:Billing:UsageDurability"] = durability,
            ["ModelService:Billing:UsageFlushIntervalMilliseconds"] = flushMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ModelService:Billing:UsageWriteAttempts"] = "3",
            ["ModelService:Billing:UsageMaxBatchEvents"] = maxBatchEvents.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        configure: services =>
        {
            services.AddSingleton<HttpPipelinePolicy>(_faults);
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        });

    /// <summary>The next usage message, taken off the queue; waits a bounded while for the flusher.</summary>
    private async Task<string> WaitForMessageAsync(CoreTestServices services, Action? eachPoll = null)
    {
        var queue = services.Get<StorageClientFactory>().CreateQueueServiceClient().GetQueueClient(_queue);
        await queue.CreateIfNotExistsAsync();
        for (var round = 0; round < 200; round++)
        {
            eachPoll?.Invoke();
            if ((await queue.ReceiveMessagesAsync(1)).Value is [var message])
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                return message.MessageText;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No usage message within 10 s.");
    }

    private async Task<List<string>> TakeMessagesAsync(CoreTestServices services)
    {
        var queue = services.Get<StorageClientFactory>().CreateQueueServiceClient().GetQueueClient(_queue);
        await queue.CreateIfNotExistsAsync();
        var messages = new List<string>();
        for (var round = 0; round < 100; round++)
        {
            var received = (await queue.ReceiveMessagesAsync(32)).Value;
            if (received.Length == 0)
            {
                break;
            }

            foreach (var message in received)
            {
                messages.Add(message.MessageText);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return messages;
    }

    private async Task<List<UsageEvent>> TakeEventsAsync(CoreTestServices services) =>
        [.. (await TakeMessagesAsync(services)).SelectMany(UsageBatchJson.Parse)];

    private UsageEvent Event(string callId) => new()
    {
        CallId = callId,
        TenantId = _tenant,
        Model = "iris",
        Version = 1,
        Kind = UsageKinds.Sync,
        Items = 1,
        ComputeMicros = 42,
        Status = UsageStatus.Succeeded,
        AmountMicros = 100,
        OccurredAt = Now,
    };
}
