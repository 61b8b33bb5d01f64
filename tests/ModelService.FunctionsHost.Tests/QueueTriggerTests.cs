namespace ModelService.FunctionsHost.Tests;

[Collection(HostCollection.Name)]
public sealed class QueueTriggerTests
{
    private readonly HostFixture _fixture;

    public QueueTriggerTests(HostFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Message_is_processed_its_output_written_and_it_is_deleted()
    {
        var text = $"work-{Guid.NewGuid():N}";
        var input = _fixture.Queue(_fixture.InputQueue);
        await input.CreateIfNotExistsAsync();

        var sent = await input.SendMessageAsync(text);

        await Eventually.TrueAsync(async () => (await _fixture.PeekAsync(_fixture.OutputQueue)).Contains($"done:{text}"), HostFixture.Timeout, "the output message");
        // Deleted, not just hidden: updating it with its id fails once it is gone.
        await Eventually.TrueAsync(async () => !await ExistsAsync(input, sent.Value.MessageId, sent.Value.PopReceipt), HostFixture.Timeout, "the input message to be deleted");
        Assert.DoesNotContain(text, await _fixture.PeekAsync(_fixture.InputQueue + "-poison"));
    }

    [Fact]
    public async Task Failing_message_is_tried_max_dequeue_count_times_then_moved_to_the_poison_queue_without_output()
    {
        var text = $"fail-{Guid.NewGuid():N}";
        var input = _fixture.Queue(_fixture.InputQueue);
        await input.CreateIfNotExistsAsync();

        var sent = await input.SendMessageAsync(text);

        var poison = _fixture.InputQueue + "-poison";
        await Eventually.TrueAsync(async () => (await _fixture.PeekAsync(poison)).Contains(text), HostFixture.Timeout, "the message in the poison queue");
        // host.json of the test worker: maxDequeueCount 3.
        Assert.Equal(3, _fixture.Log.Count($"message {sent.Value.MessageId}, dequeue count"));
        Assert.DoesNotContain($"done:{text}", await _fixture.PeekAsync(_fixture.OutputQueue));
        Assert.False(await ExistsAsync(input, sent.Value.MessageId, sent.Value.PopReceipt));
    }

    [Fact]
    public async Task QueueMessage_parameter_gets_the_message_with_its_details()
    {
        var text = $"inspect-{Guid.NewGuid():N}";
        var input = _fixture.Queue(_fixture.InspectQueue);
        await input.CreateIfNotExistsAsync();

        await input.SendMessageAsync(text);

        await Eventually.TrueAsync(async () => (await _fixture.PeekAsync(_fixture.OutputQueue)).Contains($"inspected:{text}:1:True"), HostFixture.Timeout, "the inspected message");
    }

    private static async Task<bool> ExistsAsync(Azure.Storage.Queues.QueueClient queue, string messageId, string popReceipt)
    {
        try
        {
            // A stale pop receipt on an existing message is 400/412; a deleted message is 404.
            await queue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: TimeSpan.Zero);
            return true;
        }
        catch (Azure.RequestFailedException ex)
        {
            return ex.Status != 404;
        }
    }
}
