namespace ModelService.Functions.Usage;

/// <summary>The queue usage events travel on, from the calling function to the ledger.</summary>
public static class UsageQueue
{
    public const string Name = Core.Billing.UsageQueueSender.QueueName;
}
