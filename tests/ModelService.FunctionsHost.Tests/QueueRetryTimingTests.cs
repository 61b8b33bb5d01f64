using System.Diagnostics;
using ModelService.Testing;

namespace ModelService.FunctionsHost.Tests;

[Collection(HostCollection.Name)]
public sealed class QueueRetryTimingTests
{
    private readonly HostFixture _fixture;

    public QueueRetryTimingTests(HostFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Failed_message_stays_invisible_for_the_visibility_timeout_before_its_next_attempt()
    {
        using var log = new CapturedLog();
        var queue = TestNames.Container("retry");
        var visibility = TimeSpan.FromSeconds(3);
        using var timeout = new CancellationTokenSource(HostFixture.Timeout);
        await using var host = await DevelopmentHost.StartAsync(
            _fixture.Options(log, queue, q => q with { VisibilityTimeout = visibility, MaxDequeueCount = 2 }), timeout.Token);
        var input = _fixture.Queue(queue);
        await input.CreateIfNotExistsAsync();

        var sent = await input.SendMessageAsync($"fail-{Guid.NewGuid():N}");
        var attempt = $"message {sent.Value.MessageId}, dequeue count";
        await Eventually.TrueAsync(() => Task.FromResult(log.Count(attempt) >= 1), HostFixture.Timeout, "the first attempt");
        var afterFirst = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => Task.FromResult(log.Count(attempt) >= 2), HostFixture.Timeout, "the second attempt");
        var between = afterFirst.Elapsed;

        // Polling adds up to the 0.5 s maxPollingInterval of the test worker's host.json; never less than the timeout.
        Assert.InRange(between, visibility - TimeSpan.FromMilliseconds(300), visibility + TimeSpan.FromSeconds(3));
        await Eventually.TrueAsync(async () => (await _fixture.PeekAsync(queue + "-poison")).Count == 1, HostFixture.Timeout, "the poison message after 2 attempts");
    }
}
