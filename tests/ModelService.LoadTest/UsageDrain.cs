using Azure.Storage.Queues;
using ModelService.Core.Billing;

namespace ModelService.LoadTest;

/// <summary>Waits until the usage queue is empty: every flushed event is in the ledger (or parked).</summary>
internal static class UsageDrain
{
    public static async Task<bool> WaitAsync(string storage, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var queue = new QueueClient(storage, UsageQueueSender.QueueName);
        var deadline = DateTime.UtcNow + timeout;
        var emptyReads = 0;
        while (DateTime.UtcNow < deadline)
        {
            var count = (await queue.ExistsAsync(cancellationToken)).Value
                ? (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount
                : 0;

            // Twice empty in a row: a message taken off between a flush and its ledger write still counts as there.
            emptyReads = count == 0 ? emptyReads + 1 : 0;
            if (emptyReads >= 2)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        return false;
    }
}
